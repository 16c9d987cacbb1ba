/**
 * What the per-call options of the compute methods may hold, for
 * `checkCallOptions` (src/common/validate.ts): a driver spreads these into its
 * `static callOptions` and adds its `ex*` options, so an unknown key or a wrong type is
 * an InvalidArgumentError naming the option, before any request.
 */
import { CALL_OPTIONS } from '../../common/call-options.js';
import type { OptionSpec } from '../../common/validate.js';

/** Options of `createNode` every driver accepts (see `CreateNodeOptions`). */
export const CREATE_NODE_OPTIONS: OptionSpec = { ...CALL_OPTIONS, name: 'string', size: 'ref', image: 'ref', location: 'ref', auth: 'object' };

/** Options of `createVolume` every driver accepts (see `CreateVolumeOptions`). */
// `size` is checked by each driver, whose message names its unit (GB, GiB).
export const CREATE_VOLUME_OPTIONS: OptionSpec = { ...CALL_OPTIONS, size: 'any', name: 'string', location: 'ref', snapshot: 'ref' };

/** Options of `waitUntilRunning` (see `WaitUntilRunningOptions`). */
export const WAIT_UNTIL_RUNNING_OPTIONS: OptionSpec = { timeout: 'number', interval: 'number', waitForPublicIp: 'boolean', signal: 'signal' };

/** The per-call option specs of a compute driver, by method. */
export interface ComputeCallOptions {
  /** `createNode` options. */
  readonly createNode: OptionSpec;
  /** `createVolume` options. */
  readonly createVolume: OptionSpec;
}
