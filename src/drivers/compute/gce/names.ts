/** Checks of GCE resource names and zones (shared by the driver and the volume helpers). */
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { requireString } from '../../../common/validate.js';

/** RFC 1035 names, as GCE requires for instances and disks. */
const NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A checked resource name (instance, disk). */
export function gceName(value: unknown, option: string): string {
  const name = requireString(value, option);
  if (!NAME.test(name)) throw new InvalidArgumentError(`${option} must be 1-63 lowercase letters, digits and hyphens, starting with a letter (got ${JSON.stringify(name)})`, { option });
  return name;
}

/** A checked zone name (`europe-west1-b`). */
export function gceZone(value: unknown, option: string): string {
  const zone = requireString(value, option);
  if (!/^[a-z]+(-[a-z0-9]+)+$/.test(zone)) throw new InvalidArgumentError(`${option} must be a zone such as "europe-west1-b" (got ${JSON.stringify(zone)})`, { option });
  return zone;
}

/** An optional string option: undefined, or a non-empty string (else an InvalidArgumentError naming it). */
export function optionalString(value: unknown, option: string): string | undefined {
  return value === undefined ? undefined : requireString(value, option);
}

/** An optional array of non-empty strings. */
export function optionalStrings(value: unknown, option: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InvalidArgumentError(`${option} must be an array of strings`, { option });
  return value.map((v: unknown, i) => requireString(v, `${option}[${i}]`));
}
