import { describe, expect, expectTypeOf, it } from 'vitest';
import { DriverAlreadyRegisteredError, DriverRegistry, DriverType, UnknownProviderError, getDriver, type DriverConstructor } from '../../src/index.js';

class A {}
class B {}

describe('DriverRegistry', () => {
  it('resolves classes and lazy entries synchronously, once', () => {
    let calls = 0;
    const r = new DriverRegistry<unknown>(DriverType.COMPUTE, {
      a: A,
      b: () => {
        calls++;
        return B;
      },
    });
    expect(r.get('a')).toBe(A);
    expect(r.get('b')).toBe(B);
    expect(r.get('b')).toBe(B);
    expect(calls).toBe(1);
    expect(r.providers()).toEqual(['a', 'b']);
  });

  it('refuses unknown providers, listing the known ones', () => {
    const r = new DriverRegistry<unknown>(DriverType.DNS, { zeta: A, alpha: B });
    const err = (() => {
      try {
        r.get('nope');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownProviderError);
    expect((err as Error).message).toBe('Unknown dns provider "nope". Known: alpha, zeta');
  });

  it('lets third parties register, and refuses duplicates', () => {
    const r = new DriverRegistry<unknown>(DriverType.STORAGE, { a: A });
    r.set('mine', B);
    expect(r.get('mine')).toBe(B);
    expect(() => r.set('a', B)).toThrow(DriverAlreadyRegisteredError);
    expect(() => r.set('', B)).toThrow(/non-empty/);
  });

  it('refuses an unknown driver type at the top level', () => {
    expect(() => getDriver('nope' as DriverType, 'x')).toThrow(/Unknown driver type "nope"/);
  });
});

describe('getDriver typing', () => {
  it('returns the provider class, so its own options and ex* methods type-check', async () => {
    const compute = await import('../../src/drivers/compute/index.js');
    const storage = await import('../../src/drivers/storage/index.js');
    const lb = await import('../../src/drivers/loadbalancer/index.js');
    const Dummy = compute.getDriver(compute.Provider.DUMMY);
    expectTypeOf(Dummy).toEqualTypeOf<typeof compute.DummyNodeDriver>();
    expect(Dummy).toBe(compute.DummyNodeDriver);
    // A provider-only option compiles through getDriver (pendingPolls is Dummy's).
    const driver = new Dummy('key', undefined, { pendingPolls: 1 });
    expect(driver.type).toBe('dummy');
    expectTypeOf(storage.getDriver(storage.Provider.S3)).toEqualTypeOf<typeof storage.S3StorageDriver>();
    expectTypeOf(lb.getDriver(lb.Provider.ALB)).toEqualTypeOf<typeof lb.AlbLoadBalancerDriver>();
    // A name only known at run time gets the area's base type.
    const name: string = 'dummy';
    expectTypeOf(compute.getDriver(name)).toEqualTypeOf<DriverConstructor<InstanceType<typeof compute.NodeDriver>>>();
  });
});
