/**
 * The shared storage behavioural suite against Azure Blobs on Azurite.
 */
import { randomBytes } from 'node:crypto';
import { AzureBlobsStorageDriver } from '../../../src/drivers/storage/azure-blobs/index.js';
import { AZURITE_ACCOUNT, AZURITE_KEY, azuriteUnavailable, startAzurite } from '../../peers/azurite.js';
import { storageBehaviourSuite } from './behaviour.js';

const PAGE = 3;

storageBehaviourSuite(
  'Azure Blobs on Azurite',
  async () => {
    const azurite = await startAzurite();
    const driver = new AzureBlobsStorageDriver(AZURITE_ACCOUNT, AZURITE_KEY, { url: `http://127.0.0.1:${azurite.port}`, env: {}, listPageSize: PAGE });
    return {
      driver,
      newContainerName: () => `nubes-${randomBytes(5).toString('hex')}`,
      cleanup: async () => {
        await driver.close();
        await azurite.stop();
      },
      pageSize: PAGE,
      multipart: { partSize: 1024 * 1024 },
    };
  },
  { skip: await azuriteUnavailable() },
);
