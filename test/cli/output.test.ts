import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatBytes, Output, ProgressBar, renderTable, toJson } from '../../src/cli/output.js';

function sink(isTTY = false): PassThrough & { isTTY: boolean; text(): string } {
  const s = new PassThrough() as PassThrough & { isTTY: boolean; text(): string };
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  s.isTTY = isTTY;
  s.text = () => Buffer.concat(chunks).toString('utf8');
  return s;
}

describe('CLI output', () => {
  it('aligns table columns, right-aligns numbers and shows missing cells as -', () => {
    const rows = [
      { id: 'a', size: 5, note: 'x' },
      { id: 'longer-id', size: 12345, note: undefined },
    ];
    const text = renderTable(rows, [
      { header: 'ID', value: (r) => r.id },
      { header: 'SIZE', value: (r) => r.size, right: true },
      { header: 'NOTE', value: (r) => r.note },
    ]);
    expect(text).toBe('ID          SIZE  NOTE\na              5  x\nlonger-id  12345  -\n');
  });

  it('keeps a cell on one line', () => {
    expect(renderTable([{ v: 'two\nlines' }], [{ header: 'V', value: (r) => r.v }])).toBe('V\ntwo lines\n');
  });

  it('prints JSON for lists with --json, a table without, and a placeholder for empty lists', async () => {
    const json = sink();
    await new Output(json, { mode: 'json', color: false }).list([{ id: 1 }], [{ header: 'ID', value: (r) => r.id }], (r) => ({ id: String(r.id) }));
    expect(JSON.parse(json.text())).toEqual([{ id: '1' }]);
    const empty = sink();
    await new Output(empty, { mode: 'table', color: false }).list([], [{ header: 'ID', value: () => 'x' }], () => ({}), '(no nodes)');
    expect(empty.text()).toBe('(no nodes)\n');
    const emptyJson = sink();
    await new Output(emptyJson, { mode: 'json', color: false }).list([], [], () => ({}));
    expect(emptyJson.text()).toBe('[]\n');
  });

  it('serialises dates, bigints and cycles without throwing', () => {
    const cyclic: Record<string, unknown> = { at: new Date('2026-11-21T10:00:00Z'), n: 10n };
    cyclic.self = cyclic;
    expect(JSON.parse(toJson(cyclic))).toEqual({ at: '2026-11-21T10:00:00.000Z', n: '10', self: '[Circular]' });
  });

  it('formats byte counts with binary units', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1024), formatBytes(1536 * 1024), formatBytes(5 * 1024 ** 3)]).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 MiB',
      '5.0 GiB',
    ]);
  });

  it('draws a progress bar with percentage and sizes, and ends the line when done', () => {
    const err = sink(true);
    const bar = new ProgressBar(err, 'file.bin -> c/file.bin', () => 0);
    bar.update({ loaded: 512, total: 1024 });
    bar.update({ loaded: 1024, total: 1024 }); // within 100 ms: not redrawn until done()
    bar.done();
    const text = err.text();
    expect(text).toContain('\rfile.bin -> c/file.bin  [############------------]  50%  512 B / 1.0 KiB\u001b[K');
    expect(text).toMatch(/\[#{24}\] 100%  1\.0 KiB \/ 1\.0 KiB\u001b\[K\n$/);
  });

  it('shows the rate and the time left while it runs, and the average rate and duration when done', () => {
    const err = sink(true);
    let now = 0;
    const bar = new ProgressBar(err, 'big -> c/big', () => now);
    now = 2000;
    bar.update({ loaded: 4 * 1024 * 1024, total: 10 * 1024 * 1024 });
    expect(err.text()).toContain('4.0 MiB / 10.0 MiB  2.0 MiB/s  ETA 0:03\u001b[K');
    now = 5000;
    bar.update({ loaded: 10 * 1024 * 1024, total: 10 * 1024 * 1024 });
    bar.done();
    expect(err.text()).toMatch(/10\.0 MiB \/ 10\.0 MiB  2\.0 MiB\/s  in 0:05\u001b\[K\n$/);
  });

  it('shows bytes so far when the total is unknown (a pipe)', () => {
    const err = sink(true);
    const bar = new ProgressBar(err, 'stdin -> c/x');
    bar.update({ loaded: 2048, total: undefined });
    bar.clear();
    expect(err.text()).toBe('\rstdin -> c/x  2.0 KiB\u001b[K\r\u001b[K');
  });
});
