/**
 * Proxies: one setting covers every request of a driver — API calls, token exchanges,
 * uploads, polling. This example asks the connection's resolver what it would do for
 * a few targets; it sends nothing, so it runs anywhere.
 *
 * Run: npx tsx examples/proxy.ts
 * In your code, import from 'nubes' and 'nubes/compute' instead of '../src/...'.
 */
import { describeProxySource, InvalidArgumentError } from '../src/index.js';
import { getDriver, Provider } from '../src/drivers/compute/index.js';

const Ec2 = getDriver(Provider.EC2);
const driver = new Ec2('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', {
  region: 'eu-west-1',
  // The environment the connection reads, on every request (default: process.env).
  // Given explicitly here so the output is the same on every machine.
  env: {
    HTTPS_PROXY: 'http://proxy.corp.example:3128',
    NO_PROXY: 'localhost,.internal.example,10.0.0.0/8',
  },
});

const api = `https://${driver.connection.host}/`;
function show(label: string, url: string): void {
  const { proxy, reason } = driver.connection.resolveProxyFor(url);
  const decision = proxy ? `via ${proxy.redacted} (from ${describeProxySource(proxy.source)})` : `direct (${reason ?? 'no proxy'})`;
  console.log(`${label.padEnd(34)} ${url.padEnd(44)} ${decision}`);
}

console.log('1. The environment: HTTPS_PROXY for https targets, NO_PROXY exempts hosts, domains and CIDR ranges');
show('   the EC2 API', api);
show('   a NO_PROXY domain suffix', 'https://metadata.internal.example/');
show('   a NO_PROXY CIDR range', 'https://10.1.2.3:8443/');

console.log('2. setHttpProxy() beats the proxyUrl option and the environment; the password never prints');
driver.connection.setHttpProxy('http://alice:s3cret-pw@proxy2.corp.example:8080');
show('   the EC2 API', api);
show('   explicit proxies ignore NO_PROXY', 'https://metadata.internal.example/');

console.log('3. setHttpProxy(null) clears it: the environment applies again');
driver.connection.setHttpProxy(null);
show('   the EC2 API', api);

console.log('4. The proxyUrl option, and no environment at all (trustEnv: false)');
const isolated = new Ec2('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', {
  region: 'eu-west-1',
  proxyUrl: 'proxy.corp.example:3128', // no scheme: http, as curl does
  trustEnv: false,
});
const { proxy } = isolated.connection.resolveProxyFor(api);
console.log(`   proxyUrl "proxy.corp.example:3128" -> ${proxy?.origin} (from ${proxy ? describeProxySource(proxy.source) : '-'})`);
isolated.connection.setHttpProxy(null);
console.log(`   after setHttpProxy(null) with trustEnv false -> ${isolated.connection.resolveProxyFor(api).reason}`);

console.log('5. A proxy URL nubes cannot use is refused at once, naming where it came from');
try {
  driver.connection.setHttpProxy('socks5://bob:hunter2@proxy.corp.example:1080');
} catch (err) {
  if (!(err instanceof InvalidArgumentError)) throw err;
  console.log(`   ${err.code}: ${err.message}`);
}
