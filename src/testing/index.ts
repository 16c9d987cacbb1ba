/**
 * `nubes/testing`: the kit for mocking providers in your own tests.
 *
 * - {@link MockTransport}: pass it as a driver's `transport` option; routes requests
 *   to canned replies, records them, fails clearly on unmatched requests.
 * - nock: use the `node` transport (`transport: 'node'`); nock 14 does not see undici.
 * - undici `MockAgent`: pass it as the `dispatcher` option.
 *
 * @packageDocumentation
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
