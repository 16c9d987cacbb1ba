import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/ca.ts', () => {
  it('prints the trust store each CA setting produces', async () => {
    const r = await runExample('ca');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1. default:                Node's default CA store\n");
    expect(r.stdout).toContain("2. caCertsPath option:     Node's default CA store + <dir>/corp-proxy-ca.pem (caCertsPath)\n");
    expect(r.stdout).toContain("3. SSL_CERT_FILE variable: Node's default CA store + <dir>/corp-proxy-ca.pem (SSL_CERT_FILE)\n");
    expect(r.stdout).toContain("4. caMode 'replace':       <dir>/corp-proxy-ca.pem (caCertsPath)\n");
    expect(r.stdout).toContain("5. security.CA_CERTS_PATH: Node's default CA store + <dir>/corp-proxy-ca.pem (security.CA_CERTS_PATH)\n");
    expect(r.stdout).toContain('NUBES_ERR_INVALID_ARGUMENT: CA certificates path "<dir>/missing.pem" from SSL_CERT_FILE does not exist or cannot be read');
    expect(r.stdout).toMatch(/7\. \d+ certificates trusted, verification on; sources: caCertsPath/);
  });
});
