/**
 * Observability: the `logger` option and the `nubes:*` diagnostics channels. A logger
 * (console, pino, winston: anything with debug/info/warn) gets structured, redacted
 * events; an APM or OpenTelemetry agent subscribes to the channels instead and builds
 * one span per request() from the shared requestId. This example runs a tiny local API
 * that fails once with a 503, so the retry shows; it reaches nothing outside this machine.
 *
 * Run: npx tsx examples/observability.ts
 * In your code, import from 'nubes' instead of '../src/...'.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection, EVENT_CHANNELS, JsonResponse, type Logger, type NubesEvent, type RequestStartEvent } from '../src/index.js';

// A local API: the first GET /items answers 503, the next ones 200.
let calls = 0;
const server = http.createServer((_req, res) => {
  calls++;
  res.writeHead(calls === 1 ? 503 : 200, { 'content-type': 'application/json', 'x-request-id': `api-req-${calls}` });
  res.end(JSON.stringify(calls === 1 ? { message: 'busy' } : { items: ['a', 'b'] }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;

// 1. A logger. With pino: `logger: pino()`; with console: `logger: console`. Here, one
//    that prints the stable fields (durations and ports change from run to run).
const show = (level: string, e: NubesEvent): void => {
  const details =
    e.event === 'nubes.request.start'
      ? `${e.method} ${new URL(e.url).pathname}${new URL(e.url).search}, attempt ${e.attempt}, ${e.proxy ?? 'direct'}, ${e.transport}`
      : e.event === 'nubes.request.retry'
        ? `retry ${e.retry}/${e.maxRetries} because ${e.reason} (HTTP ${e.status})`
        : e.event === 'nubes.request.end'
          ? `HTTP ${e.status}, ${e.bytes} bytes, provider request id ${e.providerRequestId}, ${e.attempts} attempts`
          : e.event;
  console.log(`logger.${level.padEnd(5)} ${e.event.padEnd(20)} ${details}`);
};
const logger: Logger = {
  debug: (e) => show('debug', e),
  info: (e) => show('info', e),
  warn: (e) => show('warn', e),
};

// 2. A diagnostics_channel subscriber, as a tracing agent would write it: one span per
//    request() call, opened on the first attempt and closed on end or error.
const spans = new Map<string, { name: string; attempts: number }>();
diagnosticsChannel.subscribe(EVENT_CHANNELS.start, (message) => {
  const e = message as RequestStartEvent;
  if (e.attempt === 1) spans.set(e.requestId, { name: `${e.method} ${new URL(e.url).pathname}`, attempts: 0 });
  spans.get(e.requestId)!.attempts++;
});
diagnosticsChannel.subscribe(EVENT_CHANNELS.end, (message) => {
  const e = message as NubesEvent & { event: 'nubes.request.end' };
  const span = spans.get(e.requestId)!;
  spans.delete(e.requestId);
  console.log(`span     "${span.name}" ended with HTTP ${e.status} after ${span.attempts} attempts`);
});

class ApiConnection extends Connection {
  protected override responseCls = JsonResponse;
}
const api = new ApiConnection({
  url: `http://127.0.0.1:${port}`,
  env: {}, // no proxy variables: the local API is reached directly
  retry: { retries: 3, minDelay: 10, maxDelay: 50 },
  logger,
});
// The signature in the query never reaches a logger or a channel: it shows as [REDACTED].
const res = await api.request<{ items: string[] }>('/items', { params: { 'X-Amz-Signature': 'abc123def456' } });
console.log(`result   ${JSON.stringify(res.object.items)}`);

await api.close();
server.close();
