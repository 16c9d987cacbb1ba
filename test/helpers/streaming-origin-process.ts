/**
 * A streaming origin in a child process, so a memory test measures only the client:
 * `PUT /upload` counts and hashes the body; `GET /bytes/:n` streams n bytes.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const SERVER = `
const http = require('node:http');
const { createHash } = require('node:crypto');
const chunk = Buffer.alloc(64 * 1024, 97);
const server = http.createServer((req, res) => {
  const hash = createHash('sha256');
  let bytes = 0;
  req.on('data', (d) => { bytes += d.length; hash.update(d); });
  req.on('end', () => {
    const m = /^\\/bytes\\/(\\d+)$/.exec(req.url);
    if (!m) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') }));
      return;
    }
    const total = Number(m[1]);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) { res.once('drain', pump); return; }
      }
      res.end();
    };
    pump();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

export interface StreamingOrigin {
  url: string;
  close(): Promise<void>;
}

/** Starts the origin in a child Node process on 127.0.0.1 and a free port. */
export async function startStreamingOriginProcess(): Promise<StreamingOrigin> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', (code) => reject(new Error(`streaming origin exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
