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

/** How results are printed (`-o, --output`). */
export type OutputMode = 'table' | 'json' | 'text';

/** The output modes, for `--output` and its completion. */
export const OUTPUT_MODES: readonly OutputMode[] = ['table', 'json', 'text'];

/** Options of {@link Output}. */
export interface OutputOptions {
  /** `table` (aligned, for people), `json` (stable field names) or `text` (tab-separated, no header, for scripts). */
  mode: OutputMode;
  /** Bold table headers (a terminal). */
  color: boolean;
  /** `--fields a,b.c`: the JSON fields to keep (json) or print (text), in order. */
  fields?: readonly string[] | undefined;
}

function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Keeps `fields` (dot paths) of a JSON value, keyed by the path as given. */
export function selectFields(value: unknown, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, pick(value, f) ?? null]));
}

function textCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return cell(value instanceof Date ? value.toISOString() : (value as string | number)).replace(/^-$/, '');
}

/** Bytes per second and the time left, for progress lines. */
export function rateAndEta(loaded: number, total: number | undefined, elapsedMs: number): { rate: number; etaSeconds: number | undefined } {
  const rate = elapsedMs > 0 ? (loaded * 1000) / elapsedMs : 0;
  const etaSeconds = total !== undefined && rate > 0 ? Math.max(0, (total - loaded) / rate) : undefined;
  return { rate, etaSeconds };
}

/** `1:05`, `12:00:03`: a duration for people. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** Where results go: a table, JSON or tab-separated text on stdout. */
export class Output {
  /** How results are printed. */
  readonly mode: OutputMode;
  readonly #stdout: OutputStream;
  readonly #color: boolean;
  readonly #fields: readonly string[] | undefined;

  constructor(stdout: OutputStream, options: OutputOptions) {
    this.#stdout = stdout;
    this.mode = options.mode;
    this.#color = options.color;
    this.#fields = options.fields !== undefined && options.fields.length > 0 ? [...options.fields] : undefined;
  }

  /** True with `-o json` (or `--json`): results are printed as JSON. */
  get json(): boolean {
    return this.mode === 'json';
  }

  #select(value: unknown): unknown {
    return this.#fields ? selectFields(value, this.#fields) : value;
  }

  /**
   * Prints a list: a JSON array of `json(row)` (with `--fields`, of the chosen fields), a
   * table, or one tab-separated line per row (the table's columns, or the chosen fields).
   */
  async list<T>(rows: readonly T[], columns: readonly Column<T>[], json: (row: T) => unknown, empty = '(none)'): Promise<void> {
    if (this.mode === 'json') return write(this.#stdout, toJson(rows.map((r) => this.#select(json(r)))));
    if (this.mode === 'text') {
      const fields = this.#fields;
      const lines = rows.map((r) => (fields ? fields.map((f) => textCell(pick(json(r), f))) : columns.map((c) => textCell(c.value(r)))).join('\t'));
      return write(this.#stdout, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    }
    if (rows.length === 0) return write(this.#stdout, `${empty}\n`);
    return write(this.#stdout, renderTable(rows, columns, { bold: this.#color }));
  }

  /** Prints one result: its JSON (`-o json`), the chosen fields tab-separated (`-o text --fields`), else the human line. */
  async result(human: string, json: unknown): Promise<void> {
    if (this.mode === 'json') return write(this.#stdout, toJson(this.#select(json)));
    if (this.mode === 'text' && this.#fields) return write(this.#stdout, `${this.#fields.map((f) => textCell(pick(json, f))).join('\t')}\n`);
    return write(this.#stdout, `${human}\n`);
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
  readonly #clock: () => number;
  readonly #started: number;
  #last = -Infinity;
  #drawn = false;
  #loaded = 0;
  #total: number | undefined;

  constructor(stream: OutputStream, label: string, clock: () => number = Date.now) {
    this.#stream = stream;
    this.#label = label;
    this.#clock = clock;
    this.#started = clock();
  }

  /** The callback to hand to a transfer's `onProgress`. */
  readonly update = (progress: TransferProgress): void => {
    this.#loaded = progress.loaded;
    this.#total = progress.total;
    const now = this.#clock();
    if (now - this.#last < 100) return;
    this.#last = now;
    this.#draw(false);
  };

  #draw(final: boolean): void {
    const width = 24;
    let line: string;
    if (this.#total !== undefined && this.#total > 0) {
      const ratio = Math.min(1, this.#loaded / this.#total);
      const filled = Math.round(ratio * width);
      line = `${this.#label}  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${formatBytes(this.#loaded)} / ${formatBytes(this.#total)}`;
    } else {
      line = `${this.#label}  ${formatBytes(this.#loaded)}`;
    }
    // Rate and time left, once there is something to measure them by.
    const elapsed = this.#clock() - this.#started;
    const { rate, etaSeconds } = rateAndEta(this.#loaded, this.#total, elapsed);
    if (elapsed >= 100 && rate > 0) {
      line += `  ${formatBytes(rate)}/s`;
      if (final) line += `  in ${formatDuration(elapsed / 1000)}`;
      else if (etaSeconds !== undefined) line += `  ETA ${formatDuration(etaSeconds)}`;
    }
    this.#stream.write(`\r${line}\u001b[K`);
    this.#drawn = true;
  }

  /** Draws the final state and ends the line. */
  done(): void {
    this.#draw(true);
    if (this.#drawn) this.#stream.write('\n');
  }

  /** Clears the line (after a failure, before the error message). */
  clear(): void {
    if (this.#drawn) this.#stream.write('\r\u001b[K');
  }
}
