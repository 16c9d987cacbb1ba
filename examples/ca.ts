/**
 * Trusting a TLS-intercepting proxy's CA (or a private endpoint's). nubes trusts Node's
 * bundled roots plus extra CAs from, strongest first: the caCertsPath option,
 * security.CA_CERTS_PATH, SSL_CERT_FILE / SSL_CERT_DIR, and always NODE_EXTRA_CA_CERTS.
 * The same list goes to every TLS leg: direct, through a proxy tunnel, and to an https
 * proxy. This example prints the trust store a connection would use; it sends nothing.
 *
 * Run: npx tsx examples/ca.ts
 * In your code, import from 'nubes' and 'nubes/compute' instead of '../src/...'.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { InvalidArgumentError, security } from '../src/index.js';
import { getDriver, Provider } from '../src/drivers/compute/index.js';

// Stands in for the PEM file your proxy team hands out (any CA certificate works here).
const dir = mkdtempSync(join(tmpdir(), 'nubes-ca-example-'));
const caFile = join(dir, 'corp-proxy-ca.pem');
writeFileSync(caFile, `${rootCertificates[0]}\n`);

const Ec2 = getDriver(Provider.EC2);
const key = 'AKIAIOSFODNN7EXAMPLE';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const trustOf = (options: ConstructorParameters<typeof Ec2>[2]): string =>
  new Ec2(key, secret, { region: 'eu-west-1', ...options }).connection.resolveTrust().trust.description.replaceAll(dir, '<dir>');

console.log(`1. default:                ${trustOf({ env: {} })}`);
console.log(`2. caCertsPath option:     ${trustOf({ env: {}, caCertsPath: caFile })}`);
console.log(`3. SSL_CERT_FILE variable: ${trustOf({ env: { SSL_CERT_FILE: caFile } })}`);
console.log(`4. caMode 'replace':       ${trustOf({ env: {}, caCertsPath: caFile, caMode: 'replace' })}`);

security.CA_CERTS_PATH = caFile; // process-wide, for every connection without caCertsPath
console.log(`5. security.CA_CERTS_PATH: ${trustOf({ env: {} })}`);
security.CA_CERTS_PATH = undefined;

console.log('6. A path that does not exist is refused, naming the path and where it came from:');
try {
  trustOf({ env: { SSL_CERT_FILE: join(dir, 'missing.pem') } });
} catch (err) {
  if (!(err instanceof InvalidArgumentError)) throw err;
  console.log(`   ${err.code}: ${err.message.replaceAll(dir, '<dir>')}`);
}

// The driver's connection is where TLS is decided: the driver itself never sees it.
const driver = new Ec2(key, secret, { region: 'eu-west-1', env: {}, caCertsPath: caFile });
const { trust } = driver.connection.resolveTrust();
console.log(`7. ${trust.ca?.length ?? 0} certificates trusted, verification ${trust.rejectUnauthorized ? 'on' : 'off'}; sources: ${trust.sources.map((s) => s.name).join(', ')}`);
