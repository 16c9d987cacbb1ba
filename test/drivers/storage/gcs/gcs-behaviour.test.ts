/**
 * The shared storage behavioural suite against the Cloud Storage JSON API driver, on the
 * loopback fake (test/drivers/storage/gcs/fake-gcs.ts).
 */
import { randomBytes } from 'node:crypto';
import { GoogleCloudStorageDriver } from '../../../../src/drivers/storage/gcs/index.js';
import { storageBehaviourSuite } from '../behaviour.js';
import { startFakeGcs } from './fake-gcs.js';
import { staticCredential } from './helpers.js';

const PAGE = 3;

storageBehaviourSuite('Google Cloud Storage (JSON API) on a fake', async () => {
  const fake = await startFakeGcs();
  const driver = new GoogleCloudStorageDriver('', undefined, {
      project: 'nubes-test',
    credentials: staticCredential(fake.token),
    url: fake.url,
    env: {},
    listPageSize: PAGE,
    chunkRetryDelay: 10,
  });
  return {
    driver,
    newContainerName: () => `nubes-${randomBytes(5).toString('hex')}`,
    cleanup: async () => {
      await driver.close();
      await fake.close();
    },
    pageSize: PAGE,
    multipart: { partSize: 256 * 1024 },
  };
});
