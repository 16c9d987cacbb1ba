import { describe, expect, it } from 'vitest';
import { REDACTED, SecretSet } from '../../src/common/redact.js';

describe('SecretSet patterns', () => {
  it('redacts every match of a secret pattern, alongside literal secrets', () => {
    const secrets = new SecretSet();
    secrets.add('literal-secret');
    secrets.addPattern(/(?<=signature ')[^']+/g);
    const text = "signature 'abc+def=' and signature 'xyz/123=' with literal-secret";
    expect(secrets.redact(text)).toBe(`signature '${REDACTED}' and signature '${REDACTED}' with ${REDACTED}`);
  });

  it('refuses a pattern without the global flag, which would hide only the first match', () => {
    expect(() => new SecretSet().addPattern(/x/)).toThrow(TypeError);
  });

  it('keeps one copy of a pattern added twice', () => {
    const secrets = new SecretSet();
    secrets.addPattern(/k=\w+/g);
    secrets.addPattern(/k=\w+/g);
    expect(secrets.redact('k=1 k=2')).toBe(`${REDACTED} ${REDACTED}`);
  });
});
