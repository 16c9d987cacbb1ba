/**
 * Redirect following, apart from the request (as undici keeps its redirect handler apart
 * from the dispatcher): given a 3xx answer, decides the next hop's method, body and
 * headers. Credentials never follow to another host; 303 (and 301/302 after a POST)
 * become a body-less GET, as browsers and RFC 9110 §15.4 do.
 */
import { InvalidArgumentError, ProviderError } from '../common/errors/index.js';
import { isSecretHeader } from '../common/redact.js';
import { isReplayable } from './body.js';
import type { HttpMethod } from './options.js';
import type { TransportBody } from './transport/transport.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One hop of a request: what is sent to where. */
export interface Hop {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Target URL. */
  readonly url: URL;
  /** Lowercase header names. */
  readonly headers: Record<string, string>;
  /** Body, or undefined. */
  readonly body: TransportBody | undefined;
}

/** The hop a redirect leads to. */
export interface RedirectHop extends Hop {
  /** True when the new URL has the hop's origin: the request must be signed again for the new path. */
  readonly sameOrigin: boolean;
}

/** True when a response with `status` and `location` is a redirect (followed or not). */
export function isRedirect(status: number, location: string | undefined): location is string {
  return REDIRECTS.has(status) && !!location;
}

/** True when a response with `status` and `location` is a redirect to follow after `hopsSoFar` hops. */
export function isFollowedRedirect(status: number, location: string | undefined, hopsSoFar: number, maxRedirects: number): location is string {
  return REDIRECTS.has(status) && !!location && hopsSoFar < maxRedirects;
}

/**
 * The hop a followed redirect (see {@link isFollowedRedirect}) leads to.
 *
 * @throws {InvalidArgumentError} for a redirect to a scheme other than http(s).
 * @throws {ProviderError} for a 307/308 with a streamed body, which cannot be sent twice.
 */
export function nextHop(status: number, location: string, hop: Hop): RedirectHop {
  const next = new URL(location, hop.url);
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new InvalidArgumentError(`Refusing redirect to ${next.protocol}`);
  let { method, body, headers } = hop;
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    headers = { ...headers };
    delete headers['content-length'];
    delete headers['content-type'];
  } else if (body !== undefined && !isReplayable(body)) {
    throw new ProviderError(`Cannot follow a ${status} redirect with a streamed body`, { statusCode: status });
  }
  if (next.origin !== hop.url.origin) {
    // Credentials never follow to another host, and nothing is signed for it.
    headers = Object.fromEntries(Object.entries(headers).filter(([h]) => !isSecretHeader(h) && !/^x-amz-(date|content-sha256)$/.test(h)));
    return { method, url: next, headers, body, sameOrigin: false };
  }
  return { method, url: next, headers, body, sameOrigin: true };
}
