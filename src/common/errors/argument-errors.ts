import type { NubesErrorCode } from './codes.js';
import { NubesError, type NubesErrorOptions, registerErrorClasses } from './nubes-error.js';

/** Options of {@link InvalidArgumentError}. */
export interface InvalidArgumentErrorOptions extends NubesErrorOptions {
  /** The option, argument or environment variable that is wrong, e.g. `'timeout'` or `'HTTPS_PROXY'`. */
  option?: string;
}

/**
 * An option, argument or environment variable has a value nubes cannot use. Thrown
 * before any request is sent; the message names the offending option.
 *
 * @example
 * ```ts
 * import { Connection } from 'nubes';
 *
 * new Connection({ host: 'api.example.com', timeout: -1 });
 * // InvalidArgumentError: timeout must be a positive number of milliseconds (got -1)
 * ```
 */
export class InvalidArgumentError extends NubesError {
  override readonly name: string = 'InvalidArgumentError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_INVALID_ARGUMENT';
  /** The option, argument or environment variable that is wrong. */
  readonly option: string | undefined;

  constructor(message: string, options: InvalidArgumentErrorOptions = {}) {
    super(message, options);
    this.option = options.option;
  }
}

/** A provider name that no registry knows. The message lists the known ones. */
export class UnknownProviderError extends InvalidArgumentError {
  override readonly name = 'UnknownProviderError';
  override readonly code = 'NUBES_ERR_UNKNOWN_PROVIDER';
}

/** `setDriver` was asked to register a provider name that is already taken. */
export class DriverAlreadyRegisteredError extends InvalidArgumentError {
  override readonly name = 'DriverAlreadyRegisteredError';
  override readonly code = 'NUBES_ERR_DRIVER_ALREADY_REGISTERED';
}

/** Options of {@link NotSupportedError}. */
export interface NotSupportedErrorOptions extends NubesErrorOptions {
  /** The driver's name, e.g. `'Vultr'`. */
  driver?: string;
  /** The method that is not supported, e.g. `'createImage'`. */
  method?: string;
}

/**
 * The driver does not support this operation. Capabilities are declared per driver
 * (`driver.capabilities`), so this can be checked before calling.
 */
export class NotSupportedError extends NubesError {
  override readonly name = 'NotSupportedError';
  override readonly code = 'NUBES_ERR_NOT_SUPPORTED';
  /** The driver's name, e.g. `'Vultr'`. */
  readonly driver: string | undefined;
  /** The method that is not supported, e.g. `'createImage'`. */
  readonly method: string | undefined;

  constructor(message: string, options: NotSupportedErrorOptions = {}) {
    super(message, options);
    this.driver = options.driver;
    this.method = options.method;
  }
}

registerErrorClasses({ InvalidArgumentError, UnknownProviderError, DriverAlreadyRegisteredError, NotSupportedError });
