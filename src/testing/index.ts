/**
 * `nubes/testing`: the kit for testing code that uses nubes (docs/testing.md).
 *
 * - {@link MockTransport}: pass it as a driver's `transport` option; routes requests to
 *   canned replies or fixture files ({@link MockTransport.fromFixtures}), records them,
 *   fails clearly on unmatched requests.
 * - {@link createTempLocalStorage}: the real Local storage driver on a fresh temporary
 *   directory, one per test.
 * - nock: use the `node` transport (`transport: 'node'`); nock 14 does not see undici.
 * - undici `MockAgent`: pass it as the `dispatcher` option.
 *
 * @module nubes/testing
 */
export {
  MockTransport,
  UnmatchedRequestError,
  type MockReply,
  type MockHandler,
  type RecordedRequest,
  type RouteOptions,
  type MockTransportOptions,
  type FixtureRoute,
  type FixtureRoutes,
} from './mock-transport.js';
export { createTempLocalStorage, type TempLocalStorage, type TempLocalStorageOptions } from './temp-local-storage.js';
export { LocalStorageDriver } from '../drivers/storage/local/index.js';
export { DummyNodeDriver, type DummyDriverOptions, DUMMY_SIZES, DUMMY_IMAGES, DUMMY_LOCATIONS } from '../drivers/compute/dummy/index.js';
export { DummyDNSDriver } from '../drivers/dns/dummy.js';
