/**
 * A TokenCredential for tests: hands out a fixed token and counts the calls.
 */
import type { AccessToken, TokenCredential } from '../../../../src/common/oauth/token-credential.js';

/** A credential that always returns `token`, valid for an hour. */
export function staticCredential(token: string): TokenCredential & { calls: number } {
  return {
    kind: 'test-static',
    calls: 0,
    async getToken(): Promise<AccessToken> {
      this.calls++;
      return { token, expiresAt: Date.now() + 3_600_000 };
    },
  };
}
