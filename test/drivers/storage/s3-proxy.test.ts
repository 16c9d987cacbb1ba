/**
 * S3 transfers through real proxies: an upload and a download to Swift's s3api go
 * through squid and through tinyproxy, and each proxy's log shows them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3StorageDriver } from '../../../src/drivers/storage/index.js';
import { missingPeer } from '../../peers/process.js';
import { startSquid, startTinyproxy, type ProxyPeer } from '../../peers/proxies.js';
import { startSwift, SWIFT_BINARIES, type SwiftPeer } from '../../peers/swift.js';

const skip = missingPeer('swift and proxies', [...SWIFT_BINARIES, 'squid', 'tinyproxy']);
const MiB = 1024 * 1024;

describe.skipIf(skip !== undefined)('S3 on Swift through a real proxy', () => {
  let swift: SwiftPeer;
  beforeAll(async () => {
    swift = await startSwift();
  });
  afterAll(async () => {
    await swift?.stop();
  });

  const proxies: Array<[string, () => Promise<{ peer: ProxyPeer; url: string }>]> = [
    [
      'squid',
      async () => {
        const squid = await startSquid();
        return { peer: squid, url: `http://127.0.0.1:${squid.openPort}` };
      },
    ],
    [
      'tinyproxy',
      async () => {
        const tinyproxy = await startTinyproxy();
        return { peer: tinyproxy, url: `http://127.0.0.1:${tinyproxy.port}` };
      },
    ],
  ];

  it.each(proxies)('uploads (multipart) and downloads through %s, which logs every request', async (_name, start) => {
    const { peer, url } = await start();
    const driver = new S3StorageDriver(swift.s3.accessKeyId, swift.s3.secret, { url: swift.s3.endpoint, region: swift.s3.region, env: {}, proxyUrl: url });
    try {
      const bucket = `proxied-${randomBytes(4).toString('hex')}`;
      await driver.createContainer(bucket);
      const data = randomBytes(11 * MiB);
      await driver.uploadObjectViaStream(data, bucket, 'via/proxy.bin', { partSize: 5 * MiB });
      const obj = await driver.getObject(bucket, 'via/proxy.bin');
      const chunks: Buffer[] = [];
      for await (const c of await driver.downloadObjectAsStream(obj)) chunks.push(c as Buffer);
      expect(createHash('md5').update(Buffer.concat(chunks)).digest('hex')).toBe(createHash('md5').update(data).digest('hex'));
      const port = new URL(swift.s3.endpoint).port;
      // http targets go to the proxy in absolute form: the log names every request.
      await peer.waitForLog(new RegExp(`PUT http://127\\.0\\.0\\.1:${port}/${bucket}/via/proxy\\.bin\\?partNumber=`));
      await peer.waitForLog(new RegExp(`POST http://127\\.0\\.0\\.1:${port}/${bucket}/via/proxy\\.bin\\?uploads`));
      await peer.waitForLog(new RegExp(`GET http://127\\.0\\.0\\.1:${port}/${bucket}/via/proxy\\.bin`));
      expect(peer.log()).not.toContain(swift.s3.secret);
    } finally {
      await driver.close();
      await peer.stop();
    }
  });
});
