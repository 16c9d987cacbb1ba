/**
 * What the per-call options of the DNS methods may hold, for `checkCallOptions`
 * (src/common/validate.ts): a driver spreads these into its `static callOptions` and
 * adds its own options, so an unknown key or a wrong type is an InvalidArgumentError
 * naming the option, before any request.
 */
import { CALL_OPTIONS } from '../../common/call-options.js';
import type { OptionSpec } from '../../common/validate.js';

/** Options of `createZone`/`updateZone` every driver accepts (see `CreateZoneOptions`). */
export const CREATE_ZONE_OPTIONS: OptionSpec = { ...CALL_OPTIONS, type: { oneOf: ['master', 'slave'] }, ttl: 'integer' };

/** Options of `createRecord`/`updateRecord` every driver accepts (see `CreateRecordOptions`). */
export const CREATE_RECORD_OPTIONS: OptionSpec = { ...CALL_OPTIONS, name: 'string', type: 'string', data: 'string', ttl: 'integer', priority: 'integer', wait: 'boolean' };

/** Options of `deleteRecord` every driver accepts (see `RecordWriteOptions`). */
export const RECORD_WRITE_OPTIONS: OptionSpec = { ...CALL_OPTIONS, wait: 'boolean' };

/** The per-call option specs of a DNS driver, by method. */
export interface DnsCallOptions {
  /** `createZone` and `updateZone` options. */
  readonly createZone: OptionSpec;
  /** `createRecord` and `updateRecord` options. */
  readonly createRecord: OptionSpec;
}
