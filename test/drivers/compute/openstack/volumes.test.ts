/**
 * Volumes and snapshots (Cinder v3) and attachments (Nova).
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../../src/common/errors/index.js';
import { StorageVolumeState, VolumeSnapshotState } from '../../../../src/drivers/compute/index.js';
import type { OpenStackSnapshotExtra, OpenStackVolumeExtra } from '../../../../src/drivers/compute/openstack/index.js';
import { CINDER, HOST, NOVA, sentTo, setup } from './setup.js';

const DATA = '5f6e7d8c-9b0a-4c1d-8e2f-4a5b6c7d8e9f';
const WEB = '0b7d4a1e-5c9f-4f2a-9d3e-1a2b3c4d5e6f';
const DB = '1c8e5b2f-6d0a-4a3b-8e4f-2b3c4d5e6f70';

describe('OpenStack compute driver: volumes', () => {
  it('lists volumes from Cinder (found as volumev3) across pages', async () => {
    const { mock, driver } = setup();
    mock.on('GET', /\/volumes\/detail$/, { fixture: 'volumes-detail-page2.json' }, { query: { marker: DATA } });
    mock.on('GET', /\/volumes\/detail$/, { fixture: 'volumes-detail-page1.json' });
    const volumes = await driver.listVolumes();
    expect(volumes.map((v) => [v.id, v.name, v.size, v.state])).toEqual([
      [DATA, 'data-1', 50, StorageVolumeState.INUSE],
      ['6a7b8c9d-0e1f-4a2b-9c3d-5e6f7a8b9c0d', '', 10, StorageVolumeState.ERROR],
    ]);
    expect(sentTo(mock, HOST.cinder).map((r) => r.url.href)).toEqual([`${CINDER}/volumes/detail`, `${CINDER}/volumes/detail?limit=1&marker=${DATA}`]);
    expect(volumes[0]!.extra as OpenStackVolumeExtra).toMatchObject({
      status: 'in-use',
      availabilityZone: 'nova',
      volumeType: 'ssd',
      bootable: false,
      description: 'web data',
      metadata: { owner: 'web' },
      attachments: [{ serverId: WEB, device: '/dev/vdb', attachmentId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f' }],
    });
    expect((volumes[0]!.extra as OpenStackVolumeExtra).createdAt?.toISOString()).toBe('2031-02-10T09:20:00.000Z');
    expect((volumes[1]!.extra as OpenStackVolumeExtra).bootable).toBe(true);
  });

  it('creates a volume from a snapshot in a zone with a type', async () => {
    const { mock, driver } = setup();
    mock.on('POST', /\/volumes$/, { status: 202, fixture: 'volume-available.json' });
    const volume = await driver.createVolume({
      size: 20,
      name: 'scratch',
      location: 'az-2',
      snapshot: '8c9d0e1f-2a3b-4c4d-9e5f-7a8b9c0d1e2f',
      volumeType: 'ssd',
      metadata: { team: 'a' },
    });
    expect(sentTo(mock, HOST.cinder)[0]!.json()).toEqual({
      volume: { size: 20, name: 'scratch', availability_zone: 'az-2', snapshot_id: '8c9d0e1f-2a3b-4c4d-9e5f-7a8b9c0d1e2f', volume_type: 'ssd', metadata: { team: 'a' } },
    });
    expect(volume.state).toBe(StorageVolumeState.CREATING);
    expect((volume.extra as OpenStackVolumeExtra).snapshotId).toBe('8c9d0e1f-2a3b-4c4d-9e5f-7a8b9c0d1e2f');
  });

  it('refuses a volume size that is not a whole number of GB, before any request', async () => {
    const { mock, driver } = setup();
    await expect(driver.createVolume({ size: 1.5, name: 'x' })).rejects.toMatchObject({ option: 'size' });
    await expect(driver.createVolume({ size: 0, name: 'x' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toHaveLength(0);
  });

  it('attaches a volume through Nova os-volume_attachments', async () => {
    const { mock, driver } = setup();
    mock.on('POST', `/v2.1/servers/${WEB}/os-volume_attachments`, { fixture: 'volume-attachment.json' });
    await driver.attachVolume(WEB, '7b8c9d0e-1f2a-4b3c-8d4e-6f7a8b9c0d1e', '/dev/vdb');
    const post = sentTo(mock, HOST.nova)[0]!;
    expect(post.url.href).toBe(`${NOVA}/servers/${WEB}/os-volume_attachments`);
    expect(post.json()).toEqual({ volumeAttachment: { volumeId: '7b8c9d0e-1f2a-4b3c-8d4e-6f7a8b9c0d1e', device: '/dev/vdb' } });
    await expect(driver.attachVolume(WEB, 'v', 'vdb')).rejects.toMatchObject({ option: 'device' });
  });

  it('detaches a volume from every server it is attached to, reading attachments fresh', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `/v3/6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e/volumes/${DATA}`, { fixture: 'volume-attached-twice.json' });
    mock.on('DELETE', /\/os-volume_attachments\//, { status: 202 });
    await driver.detachVolume(DATA);
    expect(sentTo(mock, HOST.nova).map((r) => r.path)).toEqual([
      `/v2.1/servers/${WEB}/os-volume_attachments/${DATA}`,
      `/v2.1/servers/${DB}/os-volume_attachments/${DATA}`,
    ]);
  });

  it('detaches from one server only when given', async () => {
    const { mock, driver } = setup();
    mock.on('GET', /\/volumes\/[^/]+$/, { fixture: 'volume-attached-twice.json' });
    mock.on('DELETE', /\/os-volume_attachments\//, { status: 202 });
    await driver.detachVolume(DATA, DB);
    expect(sentTo(mock, HOST.nova).map((r) => r.path)).toEqual([`/v2.1/servers/${DB}/os-volume_attachments/${DATA}`]);
  });

  it('says so when the volume is not attached', async () => {
    const { mock, driver } = setup();
    mock.on('GET', /\/volumes\/[^/]+$/, { fixture: 'volume-available.json' });
    await expect(driver.detachVolume('7b8c9d0e-1f2a-4b3c-8d4e-6f7a8b9c0d1e')).rejects.toThrow(/is not attached to any server/);
  });

  it('deletes a volume on Cinder', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', `/v3/6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e/volumes/${DATA}`, { status: 202 });
    await driver.destroyVolume(DATA);
    expect(sentTo(mock, HOST.cinder)).toHaveLength(1);
  });

  it('finds Cinder under block-storage too', async () => {
    const token = {
      status: 201,
      headers: { 'x-subject-token': 'tok-bs-0001' },
      json: {
        token: {
          expires_at: '2031-03-01T13:00:00Z',
          catalog: [
            { type: 'compute', endpoints: [{ interface: 'public', region_id: 'R', url: 'https://nova.bs/v2.1' }] },
            { type: 'block-storage', endpoints: [{ interface: 'public', region_id: 'R', url: 'https://cinder.bs/v3' }] },
          ],
        },
      },
    };
    const { mock, driver } = setup({}, { token });
    mock.on('GET', '/v3/volumes/detail', { json: { volumes: [] } });
    await driver.listVolumes();
    expect(mock.lastRequest!.url.href).toBe('https://cinder.bs/v3/volumes/detail');
  });
});

describe('OpenStack compute driver: snapshots', () => {
  it('lists the snapshots of one volume (filtered by Cinder and again here)', async () => {
    const { mock, driver } = setup();
    mock.on('GET', /\/snapshots\/detail$/, { fixture: 'snapshots-detail.json' });
    const snapshots = await driver.listVolumeSnapshots(DATA);
    expect(sentTo(mock, HOST.cinder)[0]!.query).toEqual({ volume_id: DATA });
    expect(snapshots.map((s) => [s.id, s.name, s.size, s.state])).toEqual([['8c9d0e1f-2a3b-4c4d-9e5f-7a8b9c0d1e2f', 'data-1-nightly', 50, VolumeSnapshotState.AVAILABLE]]);
    expect(snapshots[0]!.extra as OpenStackSnapshotExtra).toEqual({ status: 'available', volumeId: DATA, description: 'nightly', progress: '100%', metadata: {} });
    expect(snapshots[0]!.createdAt?.toISOString()).toBe('2031-02-20T02:00:00.000Z');
  });

  it('creates a snapshot, forcing it for an in-use volume when asked', async () => {
    const { mock, driver } = setup();
    mock.on('POST', /\/snapshots$/, { status: 202, fixture: 'snapshot-create.json' });
    const snapshot = await driver.createVolumeSnapshot(DATA, 'before-upgrade', { description: 'pre-upgrade', force: true });
    expect(sentTo(mock, HOST.cinder)[0]!.json()).toEqual({ snapshot: { volume_id: DATA, name: 'before-upgrade', description: 'pre-upgrade', force: true } });
    expect(snapshot.state).toBe(VolumeSnapshotState.CREATING);
  });

  it('deletes a snapshot', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', /\/snapshots\/0e1f2a3b-4c5d-4e6f-9a7b-9c0d1e2f3a4b$/, { status: 202 });
    await driver.destroyVolumeSnapshot('0e1f2a3b-4c5d-4e6f-9a7b-9c0d1e2f3a4b');
    expect(sentTo(mock, HOST.cinder)[0]!.method).toBe('DELETE');
  });
});
