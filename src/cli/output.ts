/**
 * Output: aligned tables for people, JSON with stable field names for scripts, and a
 * progress bar for transfers (on a terminal, on stderr, so stdout stays clean).
 */
import type { TransferProgress } from '../drivers/storage/streams.js';
import { write, type OutputStream } from './io.js';

/** A table column: header and how to read the cell from a row. */
export interface Column<T> {
  /** Column title. */
  readonly header: string;
  /** The cell of a row; empty values print as `-`. */
  readonly value: (row: T) => string | number | undefined | null;
  /** Right-align (numbers). */
  readonly right?: boolean;
}

function cell(value: string | number | undefined | null): string {
  if (value === undefined || value === null || value === '') return '-';
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

/** Renders rows as an aligned text table with a header line. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], options: { bold?: boolean } = {}): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (columns[i]!.right ? v.padStart(widths[i]!) : i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  const out = [options.bold ? `\u001b[1m${header}\u001b[22m` : header, ...cells.map(line)];
  return `${out.join('\n')}\n`;
}

/** JSON that never throws on odd values (bigint, cycles) and ends with a newline. */
export function toJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return `${JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Date) return v.toISOString();
      if (v && typeof v === 'object') {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    },
    2,
  )}\n`;
}

/** Bytes as a short human string: `512 B`, `4.0 KiB`, `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Where results go: a table or JSON on stdout. */
export class Output {
  /** True with `--json`: results are printed as JSON. */
  readonly json: boolean;
  readonly #stdout: OutputStream;
  readonly #color: boolean;

  constructor(stdout: OutputStream, options: { json: boolean; color: boolean }) {
    this.#stdout = stdout;
    this.json = options.json;
    this.#color = options.color;
  }

  /** Prints a list: JSON array of `toJson(row)` with --json, else a table. */
  async list<T>(rows: readonly T[], columns: readonly Column<T>[], json: (row: T) => unknown, empty = '(none)'): Promise<void> {
    if (this.json) return write(this.#stdout, toJson(rows.map(json)));
    if (rows.length === 0) return write(this.#stdout, `${empty}\n`);
    return write(this.#stdout, renderTable(rows, columns, { bold: this.#color }));
  }

  /** Prints one result: its JSON with --json, else the human line. */
  async result(human: string, json: unknown): Promise<void> {
    return write(this.#stdout, this.json ? toJson(json) : `${human}\n`);
  }

  /** Raw text to stdout (a zone file), the same with or without --json. */
  async text(text: string): Promise<void> {
    return write(this.#stdout, text);
  }
}

/**
 * A one-line progress bar redrawn on stderr: `name  [#####-----]  50%  5.0 MiB / 10.0 MiB`.
 * Without a total (a pipe) it shows the bytes so far. Redraws at most every 100 ms.
 */
export class ProgressBar {
  readonly #stream: OutputStream;
  readonly #label: string;
  #last = 0;
  #drawn = false;
  #loaded = 0;
  #total: number | undefined;

  constructor(stream: OutputStream, label: string) {
    this.#stream = stream;
    this.#label = label;
  }

  /** The callback to hand to a transfer's `onProgress`. */
  readonly update = (progress: TransferProgress): void => {
    this.#loaded = progress.loaded;
    this.#total = progress.total;
    const now = Date.now();
    if (now - this.#last < 100) return;
    this.#last = now;
    this.#draw();
  };

  #draw(): void {
    const width = 24;
    let line: string;
    if (this.#total !== undefined && this.#total > 0) {
      const ratio = Math.min(1, this.#loaded / this.#total);
      const filled = Math.round(ratio * width);
      line = `${this.#label}  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${formatBytes(this.#loaded)} / ${formatBytes(this.#total)}`;
    } else {
      line = `${this.#label}  ${formatBytes(this.#loaded)}`;
    }
    this.#stream.write(`\r${line}\u001b[K`);
    this.#drawn = true;
  }

  /** Draws the final state and ends the line. */
  done(): void {
    this.#draw();
    if (this.#drawn) this.#stream.write('\n');
  }

  /** Clears the line (after a failure, before the error message). */
  clear(): void {
    if (this.#drawn) this.#stream.write('\r\u001b[K');
  }
}
