/**
 * Re-signs a request MockTransport recorded with AWS's own signer
 * (@smithy/signature-v4), so driver tests prove their signatures are what AWS computes.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RecordedRequest } from '../../../src/testing/index.js';

/** What the signature was made with. */
export interface ResignOptions {
  service: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  date: Date;
}

/** The Authorization header AWS's signer computes for `req`, over the headers `req` says it signed. */
export async function resignAuthorization(req: RecordedRequest, o: ResignOptions): Promise<string> {
  const signed = /SignedHeaders=([^,]+)/.exec(req.headers.authorization ?? '')?.[1]?.split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = name === 'host' ? req.url.host : (req.headers[name] ?? '');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    service: o.service,
    region: o.region,
    sha256: Sha256,
    // Non-S3 services sign no x-amz-content-sha256 header.
    applyChecksum: false,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, ...(o.sessionToken ? { sessionToken: o.sessionToken } : {}) },
  });
  const out = await signer.sign(
    { method: req.method, protocol: req.url.protocol, hostname: req.url.hostname, path: req.url.pathname, query, headers, body: req.body.length ? req.body : undefined },
    { signingDate: o.date },
  );
  return String(out.headers.authorization);
}
