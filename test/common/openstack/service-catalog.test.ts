import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors/index.js';
import { ServiceCatalog, type CatalogService, type EndpointQuery } from '../../../src/common/openstack/index.js';
import { keystoneFixture } from './helpers.js';

const multi = new ServiceCatalog(keystoneFixture<{ token: { catalog: CatalogService[] } }>('token-multi-region.json').token.catalog);
const single = new ServiceCatalog(keystoneFixture<{ token: { catalog: CatalogService[] } }>('token-single-region.json').token.catalog);

function failure(catalog: ServiceCatalog, query: EndpointQuery): InvalidArgumentError {
  try {
    catalog.endpointFor(query);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected endpointFor to throw');
}

describe('ServiceCatalog', () => {
  it('picks the public endpoint of the only region without being told the region', () => {
    expect(single.endpointFor({ serviceType: 'compute' })).toBe('https://nova.example.com:8774/v2.1');
  });

  it('picks the interface asked for', () => {
    expect(single.endpointFor({ serviceType: 'compute', interface: 'internal' })).toBe('http://nova.internal:8774/v2.1');
    expect(multi.endpointFor({ serviceType: 'compute', interface: 'admin', region: 'RegionOne' })).toBe('http://nova.r1.admin:8774/v2.1');
  });

  it('picks the region asked for, and strips the trailing slash', () => {
    expect(multi.endpointFor({ serviceType: 'compute', region: 'RegionOne' })).toBe('https://nova.r1.example.com:8774/v2.1');
    expect(multi.endpointFor({ serviceType: 'compute', region: 'RegionTwo' })).toBe('https://nova.r2.example.com:8774/v2.1');
    expect(multi.endpointFor({ serviceType: 'object-store', region: 'RegionTwo' })).toMatch(/^https:\/\/swift\.r2/);
  });

  it('refuses to guess when endpoints are in several regions, listing them', () => {
    const err = failure(multi, { serviceType: 'compute' });
    expect(err.option).toBe('region');
    expect(err.message).toContain('several regions (RegionOne, RegionTwo)');
  });

  it('does not count regions of other interfaces as ambiguity', () => {
    // Only RegionOne has an internal compute endpoint.
    expect(multi.endpointFor({ serviceType: 'compute', interface: 'internal' })).toBe('http://nova.r1.internal:8774/v2.1');
  });

  it('names the available regions when the asked region is missing', () => {
    const err = failure(multi, { serviceType: 'image', region: 'RegionThree' });
    expect(err.option).toBe('region');
    expect(err.message).toContain('region "RegionThree" (regions: RegionOne, RegionTwo)');
  });

  it('lists the catalog service types when the type is missing', () => {
    const err = failure(single, { serviceType: 'dns' });
    expect(err.option).toBe('serviceType');
    expect(err.message).toContain('block-storage, compute, object-store');
  });

  it('lists the interfaces when the asked interface is missing', () => {
    const err = failure(single, { serviceType: 'object-store', interface: 'admin' });
    expect(err.option).toBe('interface');
    expect(err.message).toContain('(interfaces: public)');
  });

  it('accepts alternative service types, in the caller order', () => {
    expect(single.endpointFor({ serviceType: ['volumev3', 'block-storage'] })).toMatch(/^https:\/\/cinder\.example\.com/);
    expect(multi.endpointFor({ serviceType: ['volumev3', 'block-storage'], region: 'RegionTwo' })).toMatch(/^https:\/\/cinder\.r2/);
  });

  it('filters by service name', () => {
    expect(single.endpointFor({ serviceType: 'compute', serviceName: 'nova' })).toBe('https://nova.example.com:8774/v2.1');
    expect(failure(single, { serviceType: 'compute', serviceName: 'other' }).option).toBe('serviceName');
  });

  it('refuses two different URLs for one service, interface and region', () => {
    const twice = new ServiceCatalog([
      { type: 'compute', name: 'a', endpoints: [{ interface: 'public', region_id: 'R', url: 'https://a' }] },
      { type: 'compute', name: 'b', endpoints: [{ interface: 'public', region_id: 'R', url: 'https://b' }] },
    ]);
    expect(failure(twice, { serviceType: 'compute' }).message).toContain('https://a, https://b');
    expect(twice.endpointFor({ serviceType: 'compute', serviceName: 'b' })).toBe('https://b');
  });

  it('lists its regions', () => {
    expect(multi.regions).toEqual(['RegionOne', 'RegionTwo']);
  });
});
