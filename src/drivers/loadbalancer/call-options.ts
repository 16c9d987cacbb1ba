/**
 * What the per-call options of the load balancer methods may hold, for
 * `checkCallOptions` (src/common/validate.ts): a driver spreads these into its
 * `static callOptions` and adds its `ex*` options, so an unknown key or a wrong type is
 * an InvalidArgumentError naming the option, before any request.
 */
import { CALL_OPTIONS } from '../../common/call-options.js';
import type { OptionSpec } from '../../common/validate.js';

/** Options of `createBalancer` every driver accepts (see `CreateBalancerOptions`). */
export const CREATE_BALANCER_OPTIONS: OptionSpec = { ...CALL_OPTIONS, name: 'string', port: 'integer', protocol: 'string', algorithm: 'string', members: 'list' };

/** Options of `updateBalancer` every driver accepts (see `UpdateBalancerOptions`). */
export const UPDATE_BALANCER_OPTIONS: OptionSpec = { ...CALL_OPTIONS, name: 'string', port: 'integer', protocol: 'string', algorithm: 'string' };

/** The per-call option specs of a load balancer driver, by method. */
export interface LoadBalancerCallOptions {
  /** `createBalancer` options. */
  readonly createBalancer: OptionSpec;
  /** `updateBalancer` options. */
  readonly updateBalancer: OptionSpec;
}
