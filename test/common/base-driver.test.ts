import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BaseDriver } from '../../src/common/base-driver.js';
import { ConnectionKey, ConnectionUserAndKey } from '../../src/connection/connection-key.js';

const KEY = 'key-4f1c2e9a7b';
const SECRET = 'secret-8d3b6a0f5e';
const PROXY_PASSWORD = 'proxypass-2c7e';

class PairDriver extends BaseDriver<ConnectionUserAndKey> {
  static override readonly connectionCls = ConnectionUserAndKey;
  readonly type = 'pair';
  readonly name = 'Pair';
  readonly website = 'https://pair.example';
  credentials(): [string, string | undefined] {
    return [this.key, this.secret];
  }
}

class TokenDriver extends BaseDriver<ConnectionKey> {
  static override readonly connectionCls = ConnectionKey;
  readonly type = 'token';
  readonly name = 'Token';
  readonly website = 'https://token.example';
}

function shown(value: unknown): string[] {
  return [inspect(value, { depth: 10 }), inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value)];
}

describe('BaseDriver', () => {
  it('keeps the secret key, the token and a proxy password out of inspect and JSON output of the driver and its connection', () => {
    const options = { proxyUrl: `http://user:${PROXY_PASSWORD}@proxy.corp:3128`, env: {} };
    // With a user id and key, the first argument is the (public) user id: only the key is secret.
    const pair = new PairDriver(KEY, SECRET, options);
    for (const text of [...shown(pair), ...shown(pair.connection)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(PROXY_PASSWORD);
    }
    const token = new TokenDriver(KEY, undefined, options);
    for (const text of [...shown(token), ...shown(token.connection)]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(PROXY_PASSWORD);
    }
  });

  it('still gives subclasses the credentials and callers the options and the connection key', () => {
    const driver = new PairDriver(KEY, SECRET, { region: 'eu-1', env: {} });
    expect(driver.credentials()).toEqual([KEY, SECRET]);
    expect(driver.options).toEqual({ region: 'eu-1', env: {} });
    expect(Object.isFrozen(driver.options)).toBe(true);
    expect(driver.connection.key).toBe(SECRET);
    expect(driver.connection.userId).toBe(KEY);
    expect(new TokenDriver(KEY, undefined, { env: {} }).connection.key).toBe(KEY);
  });

  it('refuses an unknown option before building a connection, naming it', () => {
    expect(() => new TokenDriver(KEY, undefined, { bogus: 1 } as never)).toThrow(/Unknown option "bogus" for TokenDriver/);
  });
});
