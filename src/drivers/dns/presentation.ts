/**
 * Parsing the presentation-form values nubes records carry (RFC 1035 master file
 * syntax) into the fields provider APIs want, for the types whose APIs take them
 * apart: SRV (`weight port target`, the priority being separate) and CAA
 * (`flags tag "value"`, RFC 8659 §4.1.1).
 */
import { InvalidArgumentError } from '../../common/errors/index.js';

/** SRV data without the priority. */
export interface SrvFields {
  /** Relative weight among records of equal priority, 0–65535 (RFC 2782). */
  readonly weight: number;
  /** TCP or UDP port of the service, 0–65535. */
  readonly port: number;
  /** The target host, as given (a trailing dot is kept). */
  readonly target: string;
}

/** CAA data. */
export interface CaaFields {
  /** Flags byte, 0–255; 128 is the issuer-critical flag (RFC 8659). */
  readonly flags: number;
  /** Property tag: `issue`, `issuewild`, `iodef`, ... */
  readonly tag: string;
  /** The value, unquoted. */
  readonly value: string;
}

function uint(text: string | undefined, max: number, what: string, type: string): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n > max) {
    throw new InvalidArgumentError(`${type} data needs ${what} as an integer from 0 to ${max} (got ${JSON.stringify(text)})`, { option: 'data' });
  }
  return n;
}

/**
 * `5 5060 sip.example.com.` → `{ weight: 5, port: 5060, target: 'sip.example.com.' }`.
 *
 * @throws {InvalidArgumentError} naming `data` when the value has another shape.
 */
export function parseSrv(data: string): SrvFields {
  const parts = data.trim().split(/\s+/);
  if (parts.length !== 3) throw new InvalidArgumentError(`SRV data must be "weight port target" (got ${JSON.stringify(data)})`, { option: 'data' });
  return { weight: uint(parts[0], 65535, 'a weight', 'SRV'), port: uint(parts[1], 65535, 'a port', 'SRV'), target: parts[2]! };
}

/** `{ weight, port, target }` → `weight port target`. */
export function formatSrv(fields: SrvFields): string {
  return `${fields.weight} ${fields.port} ${fields.target}`;
}

/**
 * `0 issue "letsencrypt.org"` → `{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }`
 * (the value may also be unquoted).
 *
 * @throws {InvalidArgumentError} naming `data` when the value has another shape.
 */
export function parseCaa(data: string): CaaFields {
  const match = /^\s*(\S+)\s+([A-Za-z0-9]+)\s+(.+?)\s*$/s.exec(data);
  if (!match) throw new InvalidArgumentError(`CAA data must be "flags tag value" (got ${JSON.stringify(data)})`, { option: 'data' });
  const quoted = /^"((?:[^"\\]|\\.)*)"$/s.exec(match[3]!);
  const value = quoted ? quoted[1]!.replace(/\\(.)/gs, '$1') : match[3]!;
  return { flags: uint(match[1], 255, 'flags', 'CAA'), tag: match[2]!, value };
}

/** `{ flags, tag, value }` → `flags tag "value"`. */
export function formatCaa(fields: CaaFields): string {
  return `${fields.flags} ${fields.tag} "${fields.value.replace(/(["\\])/g, '\\$1')}"`;
}
