/**
 * Option checks the load balancer drivers share; each throws an InvalidArgumentError
 * naming the option, before any request.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';

/** Checks an optional list-of-strings option. */
export function stringList(value: unknown, option: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new InvalidArgumentError(`${option} must be an array of non-empty strings`, { option });
  }
  return value as string[];
}

/** Checks a TCP port. */
export function checkPort(value: unknown, option: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) {
    throw new InvalidArgumentError(`${option} must be an integer from 1 to 65535 (got ${String(value)})`, { option });
  }
  return value as number;
}

/** Checks a protocol option against the driver's list (any case); returns it in lower case. */
export function checkProtocol<P extends string>(value: unknown, option: string, protocols: readonly P[]): P {
  const p = typeof value === 'string' ? value.toLowerCase() : '';
  if (!(protocols as readonly string[]).includes(p)) {
    throw new InvalidArgumentError(`${option} must be one of ${protocols.join(', ')} (got ${JSON.stringify(value)})`, { option });
  }
  return p as P;
}
