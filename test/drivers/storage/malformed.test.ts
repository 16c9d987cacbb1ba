/**
 * Malformed storage payloads — an empty key, a non-numeric size, a missing required
 * field, a null item — are a MalformedResponseError naming the provider and the field,
 * from the S3, Swift and Azure parsers; never a TypeError, an object named '' or a size
 * of NaN. Each driver talks to a loopback server that answers with the payload under test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../../src/index.js';
import { AzureBlobsStorageDriver, OpenStackSwiftStorageDriver, S3StorageDriver, type StorageDriver } from '../../../src/drivers/storage/index.js';

/** What the server answers to the next storage request. */
let answer: { status?: number; type: string; body: string; headers?: Record<string, string> } = { type: 'text/plain', body: '' };

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/auth/v1.0')) {
      res.writeHead(200, { 'x-storage-url': `http://127.0.0.1:${port}/v1/AUTH_test`, 'x-auth-token': 'AUTH_tk0123', 'content-length': '0' });
      res.end();
      return;
    }
    const body = req.method === 'HEAD' ? '' : answer.body;
    res.writeHead(answer.status ?? 200, { 'content-type': answer.type, ...(req.method === 'HEAD' ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...answer.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const common = { env: {}, retry: { retries: 0 } } as const;
const s3 = (): StorageDriver => new S3StorageDriver('AKIDEXAMPLE', 'secret', { ...common, url: `http://127.0.0.1:${port}` });
const swift = (): StorageDriver =>
  new OpenStackSwiftStorageDriver('test:tester', 'testing', { ...common, authUrl: `http://127.0.0.1:${port}/auth/v1.0`, authVersion: '1.0' });
const azure = (): StorageDriver =>
  new AzureBlobsStorageDriver('devstoreaccount1', Buffer.from('key').toString('base64'), { ...common, url: `http://127.0.0.1:${port}/devstoreaccount1` });

const s3List = (contents: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`;
const azureList = (blobs: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ContainerName="c"><Blobs>${blobs}</Blobs><NextMarker/></EnumerationResults>`;
const azureBlob = (name: string, length: string): string =>
  `<Blob>${name}<Properties><Content-Length>${length}</Content-Length><Content-Type>text/plain</Content-Type><BlobType>BlockBlob</BlobType></Properties></Blob>`;

type Case = {
  label: string;
  driver: () => StorageDriver;
  provider: string;
  field: string;
  answer: typeof answer;
  call?: (d: StorageDriver) => Promise<unknown>;
};

const xml = 'application/xml';
const json = 'application/json; charset=utf-8';
const CASES: Case[] = [
  { label: 'S3: <Contents/> with an empty key', driver: s3, provider: 's3', field: 'Contents.Key', answer: { type: xml, body: s3List('<Contents><Key></Key><Size>3</Size></Contents>') } },
  { label: 'S3: <Contents/> without a key', driver: s3, provider: 's3', field: 'Contents.Key', answer: { type: xml, body: s3List('<Contents><Size>3</Size></Contents>') } },
  { label: 'S3: a non-numeric size', driver: s3, provider: 's3', field: 'Contents.Size', answer: { type: xml, body: s3List('<Contents><Key>a</Key><Size>three</Size></Contents>') } },
  { label: 'S3: no size', driver: s3, provider: 's3', field: 'Contents.Size', answer: { type: xml, body: s3List('<Contents><Key>a</Key></Contents>') } },
  { label: 'S3: an empty <Contents/>', driver: s3, provider: 's3', field: 'Contents.Key', answer: { type: xml, body: s3List('<Contents/>') } },
  {
    label: 'S3: a bucket without a name',
    driver: s3,
    provider: 's3',
    field: 'Bucket.Name',
    answer: { type: xml, body: '<?xml version="1.0"?><ListAllMyBucketsResult><Buckets><Bucket><CreationDate>2026-01-01T00:00:00Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>' },
    call: (d) => d.listContainers(),
  },
  { label: 'Swift: an entry without a name', driver: swift, provider: 'openstack-swift', field: 'name', answer: { type: json, body: '[{"bytes": 3, "hash": "x"}]' } },
  { label: 'Swift: an empty name', driver: swift, provider: 'openstack-swift', field: 'name', answer: { type: json, body: '[{"name": "", "bytes": 3}]' } },
  { label: 'Swift: a non-numeric size', driver: swift, provider: 'openstack-swift', field: 'bytes', answer: { type: json, body: '[{"name": "a", "bytes": "three"}]' } },
  { label: 'Swift: no size', driver: swift, provider: 'openstack-swift', field: 'bytes', answer: { type: json, body: '[{"name": "a", "hash": "x"}]' } },
  { label: 'Swift: a null item', driver: swift, provider: 'openstack-swift', field: 'entry 0', answer: { type: json, body: '[null]' } },
  {
    label: 'Swift: a container without a name',
    driver: swift,
    provider: 'openstack-swift',
    field: 'name',
    answer: { type: json, body: '[{"count": 1, "bytes": 3}]' },
    call: (d) => d.listContainers(),
  },
  { label: 'Azure: a blob with an empty name', driver: azure, provider: 'azure-blobs', field: 'Blob.Name', answer: { type: xml, body: azureList(azureBlob('<Name></Name>', '3')) } },
  { label: 'Azure: a blob without a name', driver: azure, provider: 'azure-blobs', field: 'Blob.Name', answer: { type: xml, body: azureList(azureBlob('', '3')) } },
  {
    label: 'Azure: a non-numeric Content-Length',
    driver: azure,
    provider: 'azure-blobs',
    field: 'Content-Length',
    answer: { type: xml, body: azureList(azureBlob('<Name>a</Name>', 'three')) },
  },
  {
    label: 'Azure: no Content-Length',
    driver: azure,
    provider: 'azure-blobs',
    field: 'Content-Length',
    answer: { type: xml, body: azureList('<Blob><Name>a</Name><Properties><BlobType>BlockBlob</BlobType></Properties></Blob>') },
  },
  {
    label: 'Azure: a container without a name',
    driver: azure,
    provider: 'azure-blobs',
    field: 'Container.Name',
    answer: { type: xml, body: '<?xml version="1.0"?><EnumerationResults><Containers><Container><Properties/></Container></Containers><NextMarker/></EnumerationResults>' },
    call: (d) => d.listContainers(),
  },
];

describe('malformed storage payloads', () => {
  it.each(CASES)('$label → MalformedResponseError naming $provider and $field', async (c) => {
    answer = c.answer;
    const driver = c.driver();
    const err = await (c.call ?? ((d: StorageDriver) => d.listContainerObjects('c')))(driver).then(
      (value) => ({ value }),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as MalformedResponseError).provider).toBe(c.provider);
    expect((err as Error).message).toContain(c.field);
  });
});
