/**
 * The argument checks DigitalOcean, Linode and Vultr share through NodeDriver
 * (requireSizeAndImage, requireVolumeSize, requireLocationOrRegion): one behaviour,
 * with each provider's own words.
 */
import { describe, expect, it } from 'vitest';
import {
  DigitalOceanNodeDriver,
  DummyNodeDriver,
  LinodeNodeDriver,
  VultrNodeDriver,
  type NodeDriver,
} from '../../../src/drivers/compute/index.js';
import { MockTransport } from '../../../src/testing/index.js';

type Make = () => { mock: MockTransport; driver: NodeDriver };

function maker(Cls: new (key: string, secret?: string, options?: object) => NodeDriver): Make {
  return () => {
    const mock = new MockTransport();
    return { mock, driver: new Cls('token-0123456789', undefined, { transport: mock, env: {}, retry: false }) };
  };
}

const DRIVERS: [string, Make, { sizeWanted: string; volumeUnit: string; volumeName: string }][] = [
  ['DigitalOcean', maker(DigitalOceanNodeDriver), { sizeWanted: 'size slug', volumeUnit: 'GiB', volumeName: 'logs' }],
  ['Linode', maker(LinodeNodeDriver), { sizeWanted: 'size: a Linode type id', volumeUnit: 'GB', volumeName: 'logs' }],
  ['Vultr', maker(VultrNodeDriver), { sizeWanted: 'size: a Vultr plan id', volumeUnit: 'GB', volumeName: 'logs' }],
];

describe.each(DRIVERS)('%s createNode and createVolume argument checks', (_name, make, words) => {
  it('refuses a missing options object, naming the method', async () => {
    const { mock, driver } = make();
    await expect(driver.createNode(null as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', option: 'options', message: 'createNode needs an options object' });
    await expect(driver.createVolume(undefined as never)).rejects.toMatchObject({ option: 'options', message: 'createVolume needs an options object' });
    expect(mock.requests).toEqual([]);
  });

  it('says what the provider calls a size, and asks for an image', async () => {
    const { mock, driver } = make();
    await expect(driver.createNode({ name: 'web-1', image: 'img' } as never)).rejects.toMatchObject({
      option: 'size',
      message: `createNode needs a ${words.sizeWanted} (see listSizes())`,
    });
    await expect(driver.createNode({ name: 'web-1', size: 's' } as never)).rejects.toMatchObject({ option: 'image', message: 'createNode needs an image (see listImages())' });
    await expect(driver.createNode({ name: 'web-1', size: '', image: 'img' })).rejects.toMatchObject({ option: 'size' });
    await expect(driver.createNode({ name: 'web-1', size: 's', image: ' ' })).rejects.toMatchObject({ option: 'image' });
    expect(mock.requests).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN, '10'])('refuses volume size %s in the provider’s unit', async (size) => {
    const { mock, driver } = make();
    await expect(driver.createVolume({ size: size as number, name: words.volumeName, location: 'r1' })).rejects.toMatchObject({
      option: 'size',
      message: `size must be a positive whole number of ${words.volumeUnit} (got ${String(size)})`,
    });
    expect(mock.requests).toEqual([]);
  });

  it('refuses an empty location id', async () => {
    const { mock, driver } = make();
    await expect(driver.createVolume({ size: 10, name: words.volumeName, location: '' })).rejects.toMatchObject({ option: 'location' });
    expect(mock.requests).toEqual([]);
  });
});

describe.each(DRIVERS.filter(([name]) => name !== 'DigitalOcean'))('%s needs a region', (_name, make, words) => {
  it('for createNode and createVolume, when neither location nor the region option is given', async () => {
    const { mock, driver } = make();
    await expect(driver.createNode({ name: 'web-1', size: 's', image: '2284' })).rejects.toMatchObject({
      option: 'location',
      message: 'createNode needs a location (or the region option)',
    });
    await expect(driver.createVolume({ size: 10, name: words.volumeName })).rejects.toMatchObject({
      option: 'location',
      message: 'createVolume needs a location (or the region option)',
    });
    expect(mock.requests).toEqual([]);
  });
});

describe('Dummy createVolume', () => {
  it('shares the options and size checks', async () => {
    const driver = new DummyNodeDriver('key');
    await expect(driver.createVolume(null as never)).rejects.toMatchObject({ option: 'options', message: 'createVolume needs an options object' });
    await expect(driver.createVolume({ size: 0, name: 'v' })).rejects.toMatchObject({ option: 'size', message: 'size must be a positive whole number of GB (got 0)' });
  });
});
