/**
 * Shared set-up of the EC2 driver tests: a MockTransport that answers Query actions from
 * fixtures, routed by the `Action` in the form body.
 */
import { fileURLToPath } from 'node:url';
import { Ec2NodeDriver, type Ec2DriverOptions } from '../../../../src/drivers/compute/ec2/index.js';
import { MockTransport, type MockReply, type RecordedRequest } from '../../../../src/testing/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/compute/ec2/', import.meta.url));
export const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const T0 = new Date('2024-05-06T07:08:09Z');

/** Replies per action; an array answers in order and then repeats its last reply. */
export type Routes = Record<string, MockReply | MockReply[]>;

/** A mock EC2 endpoint. Unknown actions answer InvalidAction (400), failing the test. */
export function ec2Mock(routes: Routes): MockTransport {
  const queues = new Map<string, MockReply | MockReply[]>(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  return new MockTransport({ fixturesDir: FIXTURES }).on('POST', '/', (req) => {
    const action = new URLSearchParams(req.text).get('Action') ?? '';
    const reply = queues.get(action);
    if (reply === undefined) {
      return { status: 400, xml: `<Response><Errors><Error><Code>InvalidAction</Code><Message>unexpected ${action}</Message></Error></Errors></Response>` };
    }
    if (Array.isArray(reply)) return reply.length > 1 ? reply.shift()! : reply[0]!;
    return reply;
  });
}

/** A driver on the mock, in eu-west-3, with a fixed clock and fast retries. */
export function ec2Driver(mock: MockTransport, options: Ec2DriverOptions = {}): Ec2NodeDriver {
  return new Ec2NodeDriver(ACCESS_KEY, SECRET, {
    region: 'eu-west-3',
    transport: mock,
    env: {},
    clock: () => T0,
    retry: { minDelay: 1, maxDelay: 2 },
    ...options,
  });
}

/** The decoded form parameters of a recorded request. */
export function paramsOf(req: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(req?.text ?? ''));
}

/** The actions the mock received, in order. */
export function actionsOf(mock: MockTransport): string[] {
  return mock.requests.map((r) => paramsOf(r).Action ?? '');
}
