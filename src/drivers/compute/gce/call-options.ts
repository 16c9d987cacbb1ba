/**
 * The per-call options of the GCE driver (its static `callOptions`), in a module of their
 * own so the disk functions (volumes.ts) and the driver both read them without a cycle.
 */
import { CREATE_NODE_OPTIONS, CREATE_VOLUME_OPTIONS, type ComputeCallOptions } from '../call-options.js';

/**
 * The per-call options of the GCE `createNode` and `createVolume` (the driver's static
 * `callOptions`): checked before any request.
 */
export const GCE_CALL_OPTIONS: ComputeCallOptions = {
  createNode: {
    ...CREATE_NODE_OPTIONS,
    exDiskSizeGb: 'number',
    exDiskType: 'string',
    exNetwork: 'string',
    exSubnetwork: 'string',
    exExternalIp: 'boolean',
    exLabels: 'record',
    exTags: 'strings',
    exMetadata: 'record',
    exStartupScript: 'string',
    exSshKeys: 'strings',
    exSshUser: 'string',
    // `{ email?, scopes? }` or null (no account): createNode checks the shape itself.
    exServiceAccount: 'any',
    exPreemptible: 'boolean',
    exSpot: ['boolean', { oneOf: ['STOP', 'DELETE'] }],
    exDescription: 'string',
  },
  createVolume: { ...CREATE_VOLUME_OPTIONS, exDiskType: 'string', exLabels: 'record' },
};
