/**
 * Every registered driver of every area declares exactly the capabilities it
 * implements: a declared method is overridden (the base's NotSupportedError would not
 * run) and an overridden method is declared. Per-driver test files check some drivers
 * already; this covers all of them, including those no per-driver file checked (EC2,
 * OpenStack compute, S3 and its compatibles, Local, Azure Blobs).
 */
import { describe, expect, it } from 'vitest';
import { COMPUTE_METHODS, NodeDriver, registry as computeRegistry } from '../../src/drivers/compute/index.js';
import { DNS_METHODS, DNSDriver, registry as dnsRegistry } from '../../src/drivers/dns/index.js';
import { LOADBALANCER_METHODS, LoadBalancerDriver, registry as lbRegistry } from '../../src/drivers/loadbalancer/index.js';
import { STORAGE_METHODS, StorageDriver, registry as storageRegistry } from '../../src/drivers/storage/index.js';
import { capabilityProblems, type CapabilityCheckOptions } from '../helpers/capabilities.js';

// Methods each base derives from another one (see the base classes).
const areas = [
  { area: 'compute', registry: computeRegistry, Base: NodeDriver, methods: COMPUTE_METHODS, options: { derived: { getKeyPair: 'listKeyPairs' } } },
  {
    area: 'storage',
    registry: storageRegistry,
    Base: StorageDriver,
    methods: STORAGE_METHODS,
    // Every download is built on openDownload (the base verifies it); multipart is a mode of uploadObjectViaStream.
    options: {
      derived: {
        uploadObject: 'uploadObjectViaStream',
        multipartUpload: 'uploadObjectViaStream',
      },
      implementedBy: {
        downloadObject: 'openDownload',
        downloadObjectAsStream: 'openDownload',
        downloadObjectRange: 'openDownload',
      },
    },
  },
  { area: 'dns', registry: dnsRegistry, Base: DNSDriver, methods: DNS_METHODS, options: { derived: { exportZoneToBindFormat: 'listRecords' } } },
  { area: 'loadbalancer', registry: lbRegistry, Base: LoadBalancerDriver, methods: LOADBALANCER_METHODS, options: {} },
] as const;

for (const { area, registry, Base, methods, options } of areas) {
  describe(`${area} drivers`, () => {
    for (const provider of registry.providers()) {
      it(`${provider} declares exactly the capabilities it implements`, () => {
        const Driver = registry.get(provider) as unknown as Parameters<typeof capabilityProblems>[0];
        expect((Driver.capabilities ?? []).length).toBeGreaterThan(0);
        expect(capabilityProblems(Driver, Base, methods, options as CapabilityCheckOptions)).toEqual([]);
      });
    }
  });
}
