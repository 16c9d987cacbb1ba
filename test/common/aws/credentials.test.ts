import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AwsCredentials } from '../../../src/common/aws/credentials.js';
import { InvalidArgumentError } from '../../../src/common/errors/index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLETOKEN';

describe('AwsCredentials', () => {
  it('holds the access key id, secret and session token', () => {
    const c = new AwsCredentials({ accessKeyId: 'ASIAX', secretAccessKey: SECRET, sessionToken: TOKEN });
    expect([c.accessKeyId, c.secretAccessKey, c.sessionToken]).toEqual(['ASIAX', SECRET, TOKEN]);
    expect(c.secrets).toEqual([SECRET, TOKEN]);
  });

  it('treats an empty session token as none', () => {
    expect(new AwsCredentials({ accessKeyId: 'A', secretAccessKey: SECRET, sessionToken: '' }).sessionToken).toBeUndefined();
  });

  it('never shows the secret or the token in JSON or inspect output', () => {
    const c = new AwsCredentials({ accessKeyId: 'ASIAX', secretAccessKey: SECRET, sessionToken: TOKEN });
    for (const text of [JSON.stringify(c), inspect(c), `${inspect({ nested: c })}`]) {
      expect(text).toContain('ASIAX');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('refuses missing, empty or whitespace-carrying values, naming the option', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ secretAccessKey: SECRET }, 'accessKeyId'],
      [{ accessKeyId: 'A', secretAccessKey: '' }, 'secretAccessKey'],
      [{ accessKeyId: 'A', secretAccessKey: `${SECRET}\n` }, 'secretAccessKey'],
      [{ accessKeyId: 'A', secretAccessKey: SECRET, sessionToken: 42 }, 'sessionToken'],
    ];
    for (const [init, option] of cases) {
      const err = (() => {
        try {
          new AwsCredentials(init as never);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe(option);
      expect((err as Error).message).not.toContain(SECRET);
    }
  });
});
