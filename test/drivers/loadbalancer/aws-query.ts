/**
 * Helpers for tests of the Elastic Load Balancing drivers (ELB, ALB), whose Query
 * calls are all `POST /` with the action in the form body.
 */
import type { MockHandler, MockReply, MockTransport, RecordedRequest } from '../../../src/testing/index.js';

/** The form parameters of a Query request. */
export function form(req: RecordedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(req.text));
}

/** One route answering every Query action from a table (a function may pick by parameters); other actions get a 599. */
export function actions(mock: MockTransport, table: Record<string, MockReply | MockHandler>): void {
  mock.on('POST', '/', async (req) => {
    const reply = table[form(req).Action ?? ''];
    if (!reply) return { status: 599, body: `no fixture for ${form(req).Action}` };
    return typeof reply === 'function' ? reply(req) : reply;
  });
}

/** The actions called so far, in order. */
export function called(mock: MockTransport): string[] {
  return mock.requests.map((r) => form(r).Action ?? '');
}
