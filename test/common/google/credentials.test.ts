/**
 * The Google credential family against loopback fakes: a token endpoint that verifies the
 * JWT signature and claims, and a metadata server that checks Metadata-Flavor.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GoogleConnection,
  MetadataCredential,
  ServiceAccountCredential,
  type GoogleConnectionOptions,
} from '../../../src/common/google/index.js';
import { AuthorizedUserCredential } from '../../../src/common/google/credentials.js';
import { InvalidArgumentError, InvalidCredentialsError, NubesError, ProviderError } from '../../../src/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { scratch } from '../../peers/proxies.js';
import { makeServiceAccount, startFakeGoogle, startFakeMetadata, type FakeGoogle, type FakeMetadata, type FakeServiceAccount } from './fake-google.js';

const SCOPE = 'https://www.googleapis.com/auth/compute';
const tmp = scratch();

async function failure(promise: Promise<unknown>): Promise<NubesError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NubesError);
  return err as NubesError;
}

describe('Google credentials', () => {
  let account: FakeServiceAccount;
  let google: FakeGoogle;
  let metadata: FakeMetadata;
  let impostor: FakeMetadata;
  const open: GoogleConnection[] = [];

  beforeAll(async () => {
    account = makeServiceAccount();
    [google, metadata, impostor] = await Promise.all([
      startFakeGoogle({ account, scope: SCOPE, refreshToken: '1//0refresh-token-secret' }),
      startFakeMetadata({ project: 'vm-project' }),
      startFakeMetadata({ impostor: true }),
    ]);
    google.routes.set('GET /compute/v1/projects/test-project/zones', () => ({ json: { kind: 'compute#zoneList', items: [{ name: 'europe-west1-b' }] } }));
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await Promise.all([google?.close(), metadata?.close(), impostor?.close()]);
    tmp.clean();
  });

  const connect = (options: GoogleConnectionOptions): GoogleConnection => {
    const conn = new GoogleConnection({ url: google.url, scopes: [SCOPE], retry: false, env: {}, ...options });
    open.push(conn);
    return conn;
  };

  it('signs an RS256 JWT the token endpoint verifies with the public key, and sends the token', async () => {
    const conn = connect({ credentials: account.keyFile(google.tokenUri) });
    const before = google.claims.length;
    const [a, b] = await Promise.all([conn.request('/compute/v1/projects/test-project/zones'), conn.request('/compute/v1/projects/test-project/zones')]);
    expect(a.object).toMatchObject({ kind: 'compute#zoneList' });
    expect(b.status).toBe(200);
    expect(google.claims.length - before).toBe(1); // one exchange for two concurrent calls
    const claims = google.claims.at(-1)!;
    expect(claims).toMatchObject({ iss: account.email, aud: google.tokenUri, scope: SCOPE });
    expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(3600);
    const exchange = google.seen.filter((s) => s.url === '/token').at(-1)!;
    expect(exchange.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(exchange.body).get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(conn.project).toBe('test-project');
    expect(await conn.projectId()).toBe('test-project');
  });

  it('uses the key\'s own token_uri, from a key file path', async () => {
    const dir = tmp.dir('gkey');
    const path = join(dir, 'key.json');
    writeFileSync(path, JSON.stringify(account.keyFile(google.tokenUri)));
    const conn = connect({ credentials: path });
    await conn.request('/compute/v1/projects/test-project/zones');
    expect(conn.credentialSource).toContain(path);
  });

  it('a key signed by another private key is refused with an authentication error that says what to check', async () => {
    const other = makeServiceAccount(account.email);
    const conn = connect({ credentials: other.keyFile(google.tokenUri) });
    const err = await failure(conn.request('/compute/v1/projects/test-project/zones'));
    expect(google.lastRefusal).toBe('Invalid JWT Signature.');
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.message).toMatch(/Invalid JWT Signature/);
    expect(err.message).toMatch(/deleted or rotated/);
    expect(err.message).not.toContain('PRIVATE KEY');
  });

  it('invalid_grant (a clock off by an hour) is an authentication error that mentions the clock', async () => {
    const file = account.keyFile(google.tokenUri);
    const skewed = new ServiceAccountCredential(
      (await import('../../../src/common/google/key-file.js')).checkServiceAccountKey(file, { what: 'k', option: 'credentials' }),
      { now: () => Date.now() - 2 * 3600_000 },
    );
    const conn = connect({ credentials: skewed });
    const err = await failure(conn.request('/compute/v1/projects/test-project/zones'));
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.message).toMatch(/invalid_grant/);
    expect(err.message).toMatch(/clock/);
  });

  it('a 401 from the API drops the token and refreshes once', async () => {
    const conn = connect({ credentials: account.keyFile(google.tokenUri) });
    await conn.accessToken();
    const first = google.issued.at(-1)!;
    google.issued.splice(google.issued.indexOf(first), 1); // the API no longer accepts it
    const res = await conn.request('/compute/v1/projects/test-project/zones');
    expect(res.status).toBe(200);
    expect(google.issued.at(-1)).not.toBe(first);
  });

  describe('key files are checked before any request', () => {
    const cases: Array<[string, (dir: string) => unknown, RegExp, string]> = [
      ['a missing file', (d) => join(d, 'nope.json'), /nope\.json \(no such file\)/, 'credentials'],
      ['a directory', (d) => d, /is a directory|cannot read/, 'credentials'],
      ['not JSON', (d) => (writeFileSync(join(d, 'bad.json'), '-----BEGIN PRIVATE KEY-----\nabc'), join(d, 'bad.json')), /bad\.json is not JSON/, 'credentials'],
      ['another type', () => ({ type: 'external_account', audience: 'x' }), /"type" field is "external_account"/, 'credentials'],
      ['no client_email', () => ({ ...account.keyFile('https://t.example/token'), client_email: undefined }), /"client_email" field is missing/, 'credentials'],
      ['a broken private_key', () => ({ ...account.keyFile('https://t.example/token'), private_key: '-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----\n' }), /"private_key" field is not a PEM private key/, 'credentials'],
      ['an http token_uri', () => account.keyFile('http://oauth.example/token'), /"token_uri" field must be an https URL/, 'credentials'],
      ['no type', () => ({ client_email: 'a@b' }), /"type" field is missing/, 'credentials'],
    ];
    for (const [name, make, pattern, option] of cases) {
      it(name, () => {
        const mock = new MockTransport();
        const dir = tmp.dir('gbad');
        let err: unknown;
        try {
          new GoogleConnection({ credentials: make(dir) as string, transport: mock, env: {} });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).option).toBe(option);
        expect((err as Error).message).toMatch(pattern);
        expect((err as Error).message).not.toContain('BEGIN PRIVATE KEY');
        expect(mock.requests).toHaveLength(0);
      });
    }

    it('GOOGLE_APPLICATION_CREDENTIALS pointing nowhere names the variable', () => {
      let err: unknown;
      try {
        new GoogleConnection({ env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/key.json' }, transport: new MockTransport() });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe('GOOGLE_APPLICATION_CREDENTIALS');
      expect((err as Error).message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS \(\/nonexistent\/key\.json\): cannot read/);
    });

    it('bad scopes and project are InvalidArgumentErrors naming the option', () => {
      expect(() => new GoogleConnection({ credentials: 'metadata', scopes: [], transport: new MockTransport(), env: {} })).toThrow(/scopes/);
      expect(() => new GoogleConnection({ credentials: 'metadata', project: 'Bad Project', transport: new MockTransport(), env: {} })).toThrow(/project must be/);
      expect(() => new GoogleConnection({ credentials: 42 as unknown as string, transport: new MockTransport(), env: {} })).toThrow(InvalidArgumentError);
    });
  });

  describe('the chain', () => {
    it('explicit option → GOOGLE_APPLICATION_CREDENTIALS → gcloud file → metadata, each step in the debug log', async () => {
      const home = tmp.dir('ghome');
      const log = join(tmp.dir('glog'), 'debug.log');
      const keyPath = join(home, 'sa.json');
      writeFileSync(keyPath, JSON.stringify(account.keyFile(google.tokenUri)));
      // 1. GOOGLE_APPLICATION_CREDENTIALS beats the gcloud file.
      mkdirSync(join(home, '.config', 'gcloud'), { recursive: true });
      const adc = join(home, '.config', 'gcloud', 'application_default_credentials.json');
      writeFileSync(adc, JSON.stringify({ type: 'authorized_user', client_id: 'cid.apps.example', client_secret: 'client-secret-xyz', refresh_token: '1//0refresh-token-secret', token_uri: google.tokenUri, quota_project_id: 'test-project' }));
      const viaEnv = connect({ env: { HOME: home, GOOGLE_APPLICATION_CREDENTIALS: keyPath, NUBES_DEBUG: log } });
      expect(viaEnv.credential).toBeInstanceOf(ServiceAccountCredential);
      await viaEnv.request('/compute/v1/projects/test-project/zones');
      // 2. Without it, the gcloud user credentials (refresh-token grant through the same connection).
      const viaFile = connect({ env: { HOME: home, NUBES_DEBUG: log } });
      expect(viaFile.credential).toBeInstanceOf(AuthorizedUserCredential);
      await viaFile.request('/compute/v1/projects/test-project/zones');
      expect(viaFile.project).toBe('test-project');
      // 3. Nothing: the metadata server, asked only when a token is needed.
      const before = metadata.seen.length;
      const viaMetadata = connect({ env: { HOME: tmp.dir('gempty'), NUBES_DEBUG: log, GCE_METADATA_HOST: metadata.host } });
      expect(viaMetadata.credential).toBeInstanceOf(MetadataCredential);
      expect(metadata.seen.length).toBe(before); // never probed by construction
      expect(await viaMetadata.projectId()).toBe('vm-project');
      expect(await viaMetadata.accessToken()).toMatch(/^ya29\.metadata-/);
      // 0. The explicit option beats everything.
      const explicit = connect({ credentials: 'metadata', env: { HOME: home, GOOGLE_APPLICATION_CREDENTIALS: keyPath, NUBES_DEBUG: log } });
      expect(explicit.credential).toBeInstanceOf(MetadataCredential);

      const text = readFileSync(log, 'utf8');
      expect(text).toContain('# nubes google: credential chain: credentials option: not set');
      expect(text).toContain(`using service-account credentials from GOOGLE_APPLICATION_CREDENTIALS (${keyPath})`);
      expect(text).toContain('GOOGLE_APPLICATION_CREDENTIALS: not set');
      expect(text).toContain(`using authorized-user credentials from The gcloud application-default credentials ${adc}`);
      expect(text).toMatch(/application_default_credentials\.json not found/);
      expect(text).toContain('using metadata credentials from the GCE metadata server');
      // No secret in the debug log, in any form.
      for (const secret of [
        ...google.issued,
        'ya29.metadata-',
        '1//0refresh-token-secret',
        encodeURIComponent('1//0refresh-token-secret'),
        'client-secret-xyz',
        'BEGIN PRIVATE KEY',
        account.privateKeyPem.split('\n')[1]!,
      ]) {
        expect(text).not.toContain(secret);
      }
      // The JWT assertion (three base64url parts) never shows.
      expect(text).not.toMatch(/assertion=eyJ[\w-]+\.[\w-]+\.[\w-]+/);
      expect(text).toMatch(/assertion=/);
    });

    it('CLOUDSDK_CONFIG moves the gcloud directory', () => {
      const dir = tmp.dir('gcloud-config');
      writeFileSync(join(dir, 'application_default_credentials.json'), JSON.stringify({ type: 'authorized_user', client_id: 'c', client_secret: 'client-secret-xyz', refresh_token: '1//0refresh-token-secret' }));
      const conn = connect({ env: { CLOUDSDK_CONFIG: dir, HOME: '/nonexistent' } });
      expect(conn.credential).toBeInstanceOf(AuthorizedUserCredential);
      expect(conn.credentialSource).toContain(dir);
    });

    it('util.inspect of the connection shows no key, token, refresh token or secret', async () => {
      const conn = connect({ credentials: account.keyFile(google.tokenUri) });
      const token = await conn.accessToken();
      const text = inspect(conn, { depth: 10, showHidden: true });
      expect(text).not.toContain(token);
      expect(text).not.toContain('PRIVATE KEY');
      expect(inspect(conn.credential, { depth: 10, showHidden: true })).not.toContain('PRIVATE KEY');
    });
  });

  describe('the metadata server', () => {
    it('sends Metadata-Flavor: Google and goes direct even with HTTP_PROXY and no NO_PROXY', async () => {
      const conn = connect({ credentials: 'metadata', env: { GCE_METADATA_HOST: metadata.host, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', ALL_PROXY: 'http://127.0.0.1:9' } });
      const token = await conn.accessToken();
      expect(token).toMatch(/^ya29\.metadata-/);
      const call = metadata.seen.at(-1)!;
      expect(call.headers['metadata-flavor']).toBe('Google');
      expect(call.url).toContain('scopes=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcompute');
    });

    it('GCE_METADATA_IP is read when GCE_METADATA_HOST is not set; a malformed one names the variable', async () => {
      const conn = connect({ credentials: 'metadata', env: { GCE_METADATA_IP: metadata.host } });
      expect(await conn.accessToken()).toMatch(/^ya29\.metadata-/);
      const bad = connect({ credentials: 'metadata', env: { GCE_METADATA_HOST: 'http://evil/' } });
      const err = await failure(bad.accessToken());
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe('GCE_METADATA_HOST');
    });

    it('refuses a reply without Metadata-Flavor: Google', async () => {
      const conn = connect({ credentials: 'metadata', env: { GCE_METADATA_HOST: impostor.host } });
      const err = await failure(conn.accessToken());
      expect(err).toBeInstanceOf(ProviderError);
      expect(err.message).toMatch(/without "Metadata-Flavor: Google"/);
    });

    it('asks for the service account given as the driver key', async () => {
      const conn = connect({ credentials: 'metadata', clientEmail: 'worker@p.iam.gserviceaccount.com', env: { GCE_METADATA_HOST: metadata.host } });
      await conn.accessToken();
      expect(metadata.seen.at(-1)!.url).toContain('/instance/service-accounts/worker%40p.iam.gserviceaccount.com/token');
    });

    it('a dead metadata server fails fast with a hint to use a key', async () => {
      const conn = connect({ credentials: new MetadataCredential({ host: '127.0.0.1:9', timeout: 500 }) });
      const err = await failure(conn.accessToken());
      expect(err.message).toMatch(/metadata server at 127\.0\.0\.1:9 did not answer/);
      expect(err.message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS/);
    });
  });
});
