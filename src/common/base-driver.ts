/**
 * BaseDriver: holds credentials and options, builds `this.connection`. Every driver of
 * every area extends it (through its area's base class).
 */
import { Connection, CONNECTION_OPTION_KEYS, type ConnectionOptions } from '../connection/connection.js';
import { ConnectionKey, ConnectionUserAndKey } from '../connection/connection-key.js';
import { InvalidArgumentError } from './errors/index.js';
import { instrumentDriverClass } from './call-options.js';

/** Options every driver accepts: all {@link ConnectionOptions}, plus `region`. */
export interface DriverOptions extends ConnectionOptions {
  /** Provider region, for drivers that have regions. */
  region?: string;
}

/** A Connection class as a driver names it. */
export type ConnectionClass<C extends Connection = Connection> =
  | (new (options?: ConnectionOptions) => C)
  | (new (key: string, options?: ConnectionOptions) => C)
  | (new (userId: string, key: string, options?: ConnectionOptions) => C);

/** The static side every driver class has. */
export interface DriverStatics {
  /** The connection class the driver uses. */
  readonly connectionCls: ConnectionClass;
  /** Option names the driver accepts besides the connection's (e.g. `'region'`, `'apiVersion'`). */
  readonly driverOptionKeys: readonly string[];
}

const CONNECTION_KEYS = new Set<string>(CONNECTION_OPTION_KEYS);

/**
 * The base of all drivers. Drivers extend their area's base (`NodeDriver`,
 * `StorageDriver`, ...), which extends this; the constructor checks the options (an
 * unknown name is an InvalidArgumentError) and builds `this.connection` from the
 * static `connectionCls`.
 *
 * @typeParam C - the driver's Connection subclass.
 * @typeParam O - the driver's options.
 * @example
 * ```ts
 * import { ConnectionKey, type DriverOptions } from 'nubes';
 * import { NodeDriver } from 'nubes/compute';
 *
 * class AcmeConnection extends ConnectionKey {}
 * type AcmeDriverOptions = DriverOptions & { project?: string };
 *
 * class AcmeNodeDriver extends NodeDriver<AcmeConnection, AcmeDriverOptions> {
 *   static override readonly connectionCls = AcmeConnection; // a ConnectionKey subclass: gets (key, options)
 *   static override readonly driverOptionKeys = ['region', 'project'];
 *   readonly type = 'acme';
 *   readonly name = 'Acme Cloud';
 *   readonly website = 'https://acme.example';
 * }
 * const driver = new AcmeNodeDriver(process.env.ACME_TOKEN!, undefined, { region: 'eu-1', project: 'web', proxyUrl: 'http://proxy:3128' });
 * ```
 */
export abstract class BaseDriver<C extends Connection = Connection, O extends DriverOptions = DriverOptions> {
  /** The connection class; drivers set their own. */
  static readonly connectionCls: ConnectionClass = Connection;
  /** Driver-specific option names accepted on top of the connection options. */
  static readonly driverOptionKeys: readonly string[] = ['region'];

  /** Provider id as used in the registry, e.g. `'digitalocean'`. */
  abstract readonly type: string;
  /** Human-readable provider name, e.g. `'DigitalOcean'`. */
  abstract readonly name: string;
  /** The provider's website. */
  abstract readonly website: string;

  /** The connection every request of this driver goes through (set a proxy on it). */
  readonly connection: C;
  readonly #options: Readonly<O>;
  // Private fields behind getters, not fields: `util.inspect`/`JSON.stringify` of a
  // driver show its own enumerable properties, and a token or secret must never print.
  readonly #key: string;
  readonly #secret: string | undefined;

  constructor(key: string, secret?: string, options: O = {} as O) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('Driver options must be an object', { option: 'options' });
    }
    const statics = new.target as unknown as DriverStatics;
    const extra = new Set(statics.driverOptionKeys);
    const connectionOptions: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(options)) {
      if (CONNECTION_KEYS.has(name)) connectionOptions[name] = value;
      else if (!extra.has(name)) {
        throw new InvalidArgumentError(
          `Unknown option "${name}" for ${new.target.name} (known: ${[...extra, ...CONNECTION_KEYS].join(', ')})`,
          { option: name },
        );
      }
    }
    const region = (options as { region?: unknown }).region;
    if (extra.has('region') && region !== undefined && (typeof region !== 'string' || region.trim() === '')) {
      throw new InvalidArgumentError(`region must be a non-empty string (got ${typeof region === 'string' ? '""' : typeof region})`, { option: 'region' });
    }
    this.#options = Object.freeze({ ...options });
    this.#key = key;
    this.#secret = secret;
    this.connection = this.createConnection(key, secret, connectionOptions as ConnectionOptions);
    // `type` is a subclass field, not set yet while this constructor runs: read it lazily.
    const connection = this.connection;
    if (connection.provider === undefined) {
      Object.defineProperty(connection, 'provider', { get: () => this.type, set: () => undefined, configurable: true });
    }
    // `{ signal, timeout }` on every public method of every driver class, once per class
    // (src/common/call-options.ts): a driver cannot forget it.
    instrumentDriverClass(new.target, BaseDriver);
  }

  /**
   * The options the driver was built with (a frozen copy). An accessor, so that
   * secret-bearing options (`sessionToken`, `tempUrlKey`, a proxy URL's password) never
   * show in `util.inspect` or `JSON.stringify` of the driver.
   */
  get options(): Readonly<O> {
    return this.#options;
  }

  /** The API key, token or access key id (never shown by `util.inspect` or `JSON.stringify`). */
  protected get key(): string {
    return this.#key;
  }

  /** The secret, when the provider uses one (never shown by `util.inspect` or `JSON.stringify`). */
  protected get secret(): string | undefined {
    return this.#secret;
  }

  /**
   * Builds the connection from `connectionCls`. Runs inside the constructor, before
   * subclass fields exist: use only the arguments and `this.options` (already set).
   * `options` holds only the connection options; driver options (`region`, ...) are in
   * `this.options` — an override passes what its connection needs from there (the AWS
   * drivers pass `region` and `sessionToken` this way). Override for unusual credentials.
   */
  protected createConnection(key: string, secret: string | undefined, options: ConnectionOptions): C {
    const Cls = (this.constructor as unknown as DriverStatics).connectionCls as unknown as new (...args: unknown[]) => C;
    if ((Cls as unknown) === ConnectionUserAndKey || Cls.prototype instanceof ConnectionUserAndKey) {
      if (secret === undefined || secret === '') {
        throw new InvalidArgumentError(`${this.constructor.name} needs a secret as its second argument`, { option: 'secret' });
      }
      return new Cls(key, secret, options);
    }
    if ((Cls as unknown) === ConnectionKey || Cls.prototype instanceof ConnectionKey) return new Cls(key, options);
    return new Cls(options);
  }

  /** Closes the connection's pooled sockets. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}
