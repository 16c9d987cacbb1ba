import { describe, expect, it } from 'vitest';
import { NodeState, StorageVolumeState, VolumeSnapshotState } from '../../../../src/drivers/compute/index.js';
import { isPrivateIp, nextFromLinks, nodeState, queryOf, CINDER_SNAPSHOT_STATES, CINDER_VOLUME_STATES } from '../../../../src/drivers/compute/openstack/mappers.js';

describe('OpenStack state tables', () => {
  it.each<[string, string | null, NodeState]>([
    ['ACTIVE', null, NodeState.RUNNING],
    ['BUILD', 'spawning', NodeState.PENDING],
    ['REBUILD', null, NodeState.PENDING],
    ['REBOOT', 'rebooting', NodeState.REBOOTING],
    ['HARD_REBOOT', null, NodeState.REBOOTING],
    ['SHUTOFF', null, NodeState.STOPPED],
    ['SHELVED_OFFLOADED', null, NodeState.STOPPED],
    ['SUSPENDED', null, NodeState.SUSPENDED],
    ['PAUSED', null, NodeState.PAUSED],
    ['RESIZE', null, NodeState.RECONFIGURING],
    ['VERIFY_RESIZE', null, NodeState.RUNNING],
    ['MIGRATING', null, NodeState.MIGRATING],
    ['ERROR', null, NodeState.ERROR],
    ['DELETED', null, NodeState.TERMINATED],
    ['SOFT_DELETED', null, NodeState.TERMINATED],
    ['UNKNOWN', null, NodeState.UNKNOWN],
    ['SOMETHING_NEW', null, NodeState.UNKNOWN],
    ['ACTIVE', 'powering-off', NodeState.STOPPING],
    ['SHUTOFF', 'powering-on', NodeState.STARTING],
  ])('maps Nova %s (task %s) to %s', (status, task, state) => {
    expect(nodeState(status, task)).toBe(state);
  });

  it('maps Cinder volume and snapshot statuses', () => {
    expect(CINDER_VOLUME_STATES['in-use']).toBe(StorageVolumeState.INUSE);
    expect(CINDER_VOLUME_STATES.available).toBe(StorageVolumeState.AVAILABLE);
    expect(CINDER_VOLUME_STATES.error_deleting).toBe(StorageVolumeState.ERROR);
    expect(CINDER_VOLUME_STATES['backing-up']).toBe(StorageVolumeState.BACKUP);
    expect(CINDER_SNAPSHOT_STATES.restoring).toBe(VolumeSnapshotState.RESTORING);
    expect(CINDER_SNAPSHOT_STATES.error_deleting).toBe(VolumeSnapshotState.ERROR);
  });
});

describe('OpenStack address and link helpers', () => {
  it.each([
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['100.64.0.1', true],
    ['169.254.169.254', true],
    ['203.0.113.7', false],
    ['fd00::1', true],
    ['fe80::1', true],
    ['2001:db8::1', false],
    ['not-an-ip', false],
  ])('classifies %s as private: %s', (ip, expected) => {
    expect(isPrivateIp(ip)).toBe(expected);
  });

  it('reads the next page query from links and paths', () => {
    expect(nextFromLinks([{ rel: 'self', href: 'https://x/a' }, { rel: 'next', href: 'https://internal:8774/v2.1/servers/detail?limit=2&marker=m%2F1' }])).toEqual({ limit: '2', marker: 'm/1' });
    expect(nextFromLinks([{ rel: 'self', href: 'https://x/a' }])).toBeUndefined();
    expect(nextFromLinks(undefined)).toBeUndefined();
    expect(queryOf('/v2/images?marker=abc&limit=25')).toEqual({ marker: 'abc', limit: '25' });
    expect(queryOf('/v2/images')).toBeUndefined();
  });
});
