/**
 * A loopback HTTP(S) origin for the transport and proxy tests. Routes:
 * - `/echo`: JSON of the method, path, headers and body size + sha256 it received
 * - `/json`, `/xml`: fixed bodies; `/gzip`: gzip-encoded JSON; `/empty`: 204
 * - `/status/:code` (with `retry-after` from the `ra` query), `/flaky/:id/:n`: 503 n times then 200
 * - `/stall`: never answers; `/stall-body`: headers then silence
 * - `/bytes/:n`: n bytes streamed; `/upload`: counts and hashes the body
 * - `/redirect?to=`: 302 to `to`
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  sha256: string;
  remotePort: number | undefined;
}

export interface Origin {
  url: string;
  port: number;
  seen: SeenRequest[];
  /** Sockets accepted so far (keep-alive reuse shows as fewer sockets than requests). */
  sockets: number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 97);

export async function startOrigin(tls?: { key: string; cert: string }): Promise<Origin> {
  const seen: SeenRequest[] = [];
  const flaky = new Map<string, number>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://origin');
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      const record: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bytes,
        sha256: hash.digest('hex'),
        remotePort: req.socket.remotePort,
      };
      seen.push(record);
      const parts = url.pathname.split('/').filter(Boolean);
      switch (parts[0]) {
        case 'echo':
        case 'upload':
          res.setHeader('content-type', 'application/json');
          res.setHeader('x-request-id', 'req-123');
          res.end(JSON.stringify({ method: record.method, url: record.url, headers: record.headers, bytes, sha256: record.sha256 }));
          return;
        case 'json':
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ hello: 'world', list: [1, 2, 3] }));
          return;
        case 'xml':
          res.setHeader('content-type', 'application/xml');
          res.end('<?xml version="1.0"?><Result xmlns="urn:x"><Item><Name>one</Name></Item></Result>');
          return;
        case 'gzip':
          res.setHeader('content-type', 'application/json');
          res.setHeader('content-encoding', 'gzip');
          res.end(gzipSync(JSON.stringify({ zipped: true })));
          return;
        case 'bomb': {
          res.setHeader('content-type', 'application/json');
          res.setHeader('content-encoding', 'gzip');
          res.end(gzipSync(Buffer.alloc(Number(parts[1] ?? 1e6), 32)));
          return;
        }
        case 'empty':
          res.statusCode = 204;
          res.end();
          return;
        case 'status': {
          res.statusCode = Number(parts[1]);
          const ra = url.searchParams.get('ra');
          if (ra) res.setHeader('retry-after', ra);
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ message: `status ${parts[1]} as asked` }));
          return;
        }
        case 'flaky': {
          const id = parts[1] ?? '';
          const n = Number(parts[2] ?? 1);
          const count = (flaky.get(id) ?? 0) + 1;
          flaky.set(id, count);
          res.setHeader('content-type', 'application/json');
          if (count <= n) {
            res.statusCode = 503;
            res.end(JSON.stringify({ message: 'try again' }));
          } else {
            res.end(JSON.stringify({ attempts: count }));
          }
          return;
        }
        case 'stall':
          return; // never answer
        case 'stall-body':
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.write('partial');
          return;
        case 'bytes': {
          const total = Number(parts[1]);
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
          let sent = 0;
          const pump = (): void => {
            while (sent < total) {
              const n = Math.min(CHUNK.length, total - sent);
              sent += n;
              if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
                res.once('drain', pump);
                return;
              }
            }
            res.end();
          };
          pump();
          return;
        }
        case 'redirect':
          res.statusCode = 302;
          res.setHeader('location', url.searchParams.get('to') ?? '/json');
          res.end();
          return;
        default:
          res.statusCode = 404;
          res.end(JSON.stringify({ message: 'no such route' }));
      }
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  const origin: Origin = { url: '', port: 0, seen, sockets: 0, close: async () => undefined };
  server.on(tls ? 'secureConnection' : 'connection', () => {
    origin.sockets++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin.port = port;
  origin.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  origin.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return origin;
}
