/**
 * Flavors, availability zones and Glance images.
 */
import { describe, expect, it } from 'vitest';
import { ImageDoesNotExistError, MalformedResponseError } from '../../../../src/common/errors/index.js';
import type { OpenStackImageExtra, OpenStackSizeExtra } from '../../../../src/drivers/compute/openstack/index.js';
import { GLANCE, HOST, NOVA, sentTo, setup } from './setup.js';

describe('OpenStack compute driver: flavors', () => {
  it('lists flavors from every page', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/flavors/detail', { fixture: 'flavors-detail-page2.json' }, { query: { marker: '2' } });
    mock.on('GET', '/v2.1/flavors/detail', { fixture: 'flavors-detail-page1.json' });
    const sizes = await driver.listSizes();
    expect(sizes.map((s) => [s.id, s.name, s.ram, s.disk, s.vcpus])).toEqual([
      ['1', 'm1.tiny', 512, 1, 1],
      ['2', 'm1.small', 2048, 20, 1],
      ['3', 'm1.medium', 4096, 40, 2],
    ]);
    expect(sizes[1]!.extra as OpenStackSizeExtra).toEqual({
      ephemeral: 10,
      swap: 1024,
      rxtxFactor: 1,
      isPublic: false,
      disabled: false,
      description: 'small general purpose',
    });
    expect((sizes[0]!.extra as OpenStackSizeExtra).swap).toBe(0);
    expect(sentTo(mock, HOST.nova)[1]!.url.href).toBe(`${NOVA}/flavors/detail?limit=2&marker=2`);
  });
});

describe('OpenStack compute driver: availability zones', () => {
  it('lists availability zones as locations with the configured region', async () => {
    const { mock, driver } = setup({ region: 'RegionOne' });
    mock.on('GET', '/v2.1/os-availability-zone', { fixture: 'availability-zones.json' });
    const zones = await driver.listLocations();
    expect(zones.map((z) => [z.id, z.name, z.extra])).toEqual([
      ['nova', 'nova', { available: true, region: 'RegionOne' }],
      ['az-2', 'az-2', { available: false, region: 'RegionOne' }],
    ]);
  });
});

describe('OpenStack compute driver: images (Glance v2)', () => {
  it('lists images from Glance, following next on its own endpoint', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2/images', { fixture: 'images-page2.json' }, { query: { marker: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' } });
    mock.on('GET', '/v2/images', { fixture: 'images-page1.json' });
    const images = await driver.listImages();
    expect(images.map((i) => [i.id, i.name, (i.extra as OpenStackImageExtra).status])).toEqual([
      ['9c1f3a5b-7d9e-4b1c-8e2f-3a4b5c6d7e8f', 'ubuntu-24.04', 'active'],
      ['a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', 'web-1-backup', 'queued'],
      ['b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', 'cirros', 'active'],
    ]);
    const glance = sentTo(mock, HOST.glance);
    expect(glance.map((r) => r.url.href)).toEqual([
      `${GLANCE}/v2/images`,
      `${GLANCE}/v2/images?marker=a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d&limit=2`,
    ]);
    expect(sentTo(mock, HOST.nova)).toHaveLength(0);
  });

  it('maps image fields, keeping custom properties apart', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2/images', { fixture: 'images-page1.json' }, { times: 1 });
    mock.on('GET', '/v2/images', { json: { images: [] } });
    const [ubuntu] = await driver.listImages();
    expect(ubuntu!.extra).toEqual({
      status: 'active',
      visibility: 'public',
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      minDisk: 10,
      minRam: 512,
      size: 613416960,
      checksum: '5b2c7d8e9f0a1b2c3d4e5f6a7b8c9d0e',
      owner: 'a0b1c2d3e4f5',
      protected: true,
      tags: ['lts'],
      createdAt: new Date('2031-01-05T08:00:00Z'),
      updatedAt: new Date('2031-01-05T08:05:00Z'),
      properties: { os_distro: 'ubuntu', hw_disk_bus: 'virtio' },
    });
  });

  it('gets one image, and maps a 404 to ImageDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2/images/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', { fixture: 'image-queued.json' });
    mock.on('GET', '/v2/images/missing', { status: 404, body: '<html><h1>404 Not Found</h1><p>No image found with ID missing</p></html>' });
    const image = await driver.getImage('a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d');
    expect((image.extra as OpenStackImageExtra).properties).toMatchObject({ image_type: 'snapshot', instance_uuid: '0b7d4a1e-5c9f-4f2a-9d3e-1a2b3c4d5e6f' });
    const err = await driver.getImage('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageDoesNotExistError);
    expect(err).toMatchObject({ statusCode: 404 });
    expect((err as Error).message).toContain('No image found with ID missing');
  });

  it('creates an image from a server and reads the id from Location (before microversion 2.45)', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/servers/0b7d4a1e-5c9f-4f2a-9d3e-1a2b3c4d5e6f/action', {
      status: 202,
      headers: { location: 'https://image.example.net:9292/v2/images/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' },
    });
    mock.on('GET', '/v2/images/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', { fixture: 'image-queued.json' });
    const image = await driver.createImage('0b7d4a1e-5c9f-4f2a-9d3e-1a2b3c4d5e6f', 'web-1-backup', { metadata: { reason: 'upgrade' } });
    expect(sentTo(mock, HOST.nova)[0]!.json()).toEqual({ createImage: { name: 'web-1-backup', metadata: { reason: 'upgrade' } } });
    expect(image.id).toBe('a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d');
    expect((image.extra as OpenStackImageExtra).status).toBe('queued');
  });

  it('creates an image and reads the id from the body (microversion 2.45+)', async () => {
    const { mock, driver } = setup({ microversion: '2.45' });
    mock.on('POST', /\/action$/, { status: 202, json: { image_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' } });
    mock.on('GET', '/v2/images/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', { fixture: 'image-queued.json' });
    expect((await driver.createImage('srv', 'snap')).name).toBe('web-1-backup');
  });

  it('fails clearly when createImage names no image', async () => {
    const { mock, driver } = setup();
    mock.on('POST', /\/action$/, { status: 202 });
    await expect(driver.createImage('srv', 'snap')).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('deletes an image on Glance', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', '/v2/images/b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', { status: 204 });
    await driver.deleteImage('b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e');
    expect(sentTo(mock, HOST.glance)[0]!.method).toBe('DELETE');
  });

  it('uses an image endpoint override instead of the catalog', async () => {
    const { mock, driver } = setup({ endpointOverrides: { image: 'http://127.0.0.1:9292' } });
    mock.on('GET', '/v2/images', { json: { images: [] } });
    await driver.listImages();
    expect(mock.lastRequest!.url.href).toBe('http://127.0.0.1:9292/v2/images');
  });
});
