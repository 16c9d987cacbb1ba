import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, KeyPairDoesNotExistError } from '../../../../src/common/errors/index.js';
import { HOST, sentTo, setup } from './setup.js';

const OPS_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2yVvO9tQmJmA2n5qHf0j3J6bXcR0wq1pY7sD8kLzQe ops@example';

describe('OpenStack compute driver: key pairs', () => {
  it('lists key pairs, unwrapping each {keypair}', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/os-keypairs', { fixture: 'keypairs.json' });
    const pairs = await driver.listKeyPairs();
    expect(pairs.map((p) => [p.name, p.fingerprint, p.extra.type])).toEqual([
      ['ops', '3c:9a:1e:5b:77:0f:2d:8e:41:6b:c2:90:aa:13:5f:e8', 'ssh'],
      ['ci', '1a:2b:3c:4d:5e:6f:70:81:92:a3:b4:c5:d6:e7:f8:09', 'ssh'],
    ]);
    expect(pairs[0]!.publicKey).toBe(OPS_KEY);
  });

  it('follows keypairs_links (microversion 2.35+)', async () => {
    const { mock, driver } = setup({ microversion: '2.35' });
    mock.on('GET', '/v2.1/os-keypairs', { json: { keypairs: [] } }, { query: { marker: 'ci' } });
    mock.on('GET', '/v2.1/os-keypairs', {
      json: { keypairs: [{ keypair: { name: 'ci', fingerprint: 'x' } }], keypairs_links: [{ rel: 'next', href: 'https://compute.example.net:8774/v2.1/os-keypairs?marker=ci' }] },
    });
    expect((await driver.listKeyPairs()).map((p) => p.name)).toEqual(['ci']);
    expect(sentTo(mock, HOST.nova)).toHaveLength(2);
  });

  it('gets one key pair by name, and maps a missing one to KeyPairDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/os-keypairs/ops', { fixture: 'keypair.json' });
    mock.on('GET', '/v2.1/os-keypairs/gone', { status: 404, json: { itemNotFound: { message: 'Keypair gone not found for user 8e9f', code: 404 } } });
    const pair = await driver.getKeyPair('ops');
    expect(pair.extra).toEqual({ type: 'ssh', userId: '8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b', createdAt: new Date('2031-01-02T03:04:05Z') });
    const err = await driver.getKeyPair('gone').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyPairDoesNotExistError);
    expect(err).toMatchObject({ statusCode: 404 });
    expect((err as Error).message).toContain('Keypair gone not found');
  });

  it('creates a generated key pair whose private key stays out of JSON', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/os-keypairs', { fixture: 'keypair-generated.json' });
    const pair = await driver.createKeyPair('generated');
    expect(sentTo(mock, HOST.nova)[0]!.json()).toEqual({ keypair: { name: 'generated' } });
    expect(pair.privateKey).toContain('BEGIN RSA PRIVATE KEY');
    expect(JSON.stringify(pair)).not.toContain('PRIVATE KEY');
  });

  it('imports a public key from a string and from a file', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/os-keypairs', { fixture: 'keypair.json' });
    await driver.importKeyPairFromString('ops', `  ${OPS_KEY}\n`);
    expect(sentTo(mock, HOST.nova)[0]!.json()).toEqual({ keypair: { name: 'ops', public_key: OPS_KEY } });
    const dir = mkdtempSync(join(tmpdir(), 'nubes-kp-'));
    try {
      writeFileSync(join(dir, 'id.pub'), `${OPS_KEY}\n`);
      await driver.importKeyPairFromFile('ops', join(dir, 'id.pub'));
      expect(sentTo(mock, HOST.nova)[1]!.json()).toEqual({ keypair: { name: 'ops', public_key: readFileSync(join(dir, 'id.pub'), 'utf8').trim() } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key that is not an OpenSSH public key, before any request', async () => {
    const { mock, driver } = setup();
    await expect(driver.importKeyPairFromString('x', '-----BEGIN RSA PRIVATE KEY-----')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toHaveLength(0);
  });

  it('deletes a key pair by name or object, percent-encoding the name', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/os-keypairs/ops', { fixture: 'keypair.json' });
    mock.on('DELETE', /\/os-keypairs\//, { status: 202 });
    await driver.deleteKeyPair('my key');
    const pair = await driver.getKeyPair('ops');
    await pair.delete();
    expect(sentTo(mock, HOST.nova).filter((r) => r.method === 'DELETE').map((r) => r.url.pathname)).toEqual(['/v2.1/os-keypairs/my%20key', '/v2.1/os-keypairs/ops']);
  });
});
