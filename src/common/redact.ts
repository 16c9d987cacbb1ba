/**
 * Redaction helpers. Every error message, log line and debug dump in nubes goes
 * through these, so a credential never leaves the process by accident.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Headers whose values are always secret (lowercase). */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-auth-token',
  'x-auth-key',
  'x-storage-token',
  'x-subject-token',
  'x-amz-security-token',
  'x-api-key',
  'x-auth-email',
  'x-goog-api-key',
  'x-ms-copy-source-authorization',
  'x-object-meta-temp-url-key',
  'x-account-meta-temp-url-key',
  'x-container-meta-temp-url-key',
  // Swift's second TempURL key, for rotation (docs: "tempurl" middleware, Key-2).
  'x-account-meta-temp-url-key-2',
  'x-container-meta-temp-url-key-2',
]);

/** Query parameters that carry signatures, tokens or keys (lowercase). */
const SECRET_PARAMS = new Set([
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-credential',
  'signature',
  'sig',
  'token',
  'access_token',
  'api_key',
  'apikey',
  'password',
  'secret',
  'client_secret',
  'temp_url_sig',
  'x-goog-signature',
  'x-goog-credential',
  'securitytoken',
]);

/**
 * JSON member names whose string values are secrets a provider may put in a body the
 * connection cannot know in advance: a root password generated for a new server
 * (Vultr `default_password`, OpenStack `adminPass`), an OAuth token in a token
 * response. Compared lowercase with `_`/`-` removed.
 */
const SECRET_JSON_NAME = /(?:^token$|pass(?:word|wd)?$|secret$|secretkey$|secretaccesskey$|privatekey$|(?:access|refresh|id|auth|session|security|api)token$|apikey$)/;
const JSON_STRING_MEMBER = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** Replaces the string value of every secret-named JSON member (see above) with `[REDACTED]`. */
export function redactJsonSecrets(text: string): string {
  return text.replace(JSON_STRING_MEMBER, (member, name: string, colon: string) =>
    SECRET_JSON_NAME.test(name.toLowerCase().replace(/[_-]/g, '')) ? `"${name}"${colon}"${REDACTED}"` : member,
  );
}

/** True when a header's value must never be shown. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/**
 * Redacts a header value: the auth scheme is kept (`Bearer`, `Basic`,
 * `AWS4-HMAC-SHA256`, `SharedKey`) because it helps debugging; the rest goes.
 */
export function redactHeaderValue(name: string, value: string): string {
  if (!isSecretHeader(name)) return value;
  const scheme = /^(Bearer|Basic|Digest|AWS4-HMAC-SHA256|AWS|SharedKey|SharedKeyLite|Token|Negotiate|NTLM)\s/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

/** Returns a copy of `headers` with every secret value redacted. */
export function redactHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const joined = typeof value === 'string' ? value : value.join(', ');
    out[name] = redactHeaderValue(name, joined);
  }
  return out;
}

/**
 * Redacts a URL: the password in its userinfo (`http://user:****@proxy:3128`) and
 * every secret query parameter (signatures, tokens). Works on strings that are not
 * valid URLs too, by pattern.
 */
export function redactUrl(url: string | URL): string {
  const text = typeof url === 'string' ? url : url.href;
  // Userinfo: keep the user name, hide the password. The password may contain '@'
  // when typed raw, so take everything up to the last '@' before the host.
  let out = text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  });
  out = out.replace(/([?&])([^=&#]+)=([^&#]*)/g, (m, sep: string, key: string) => {
    let decoded = key;
    try {
      decoded = decodeURIComponent(key);
    } catch {
      // keep the raw key
    }
    return SECRET_PARAMS.has(decoded.toLowerCase()) ? `${sep}${key}=${REDACTED}` : m;
  });
  return out;
}

/**
 * Removes every occurrence of the given secret values from `text`, in their raw,
 * percent-encoded, base64 and base64url forms (see `secretForms`). Used as the last
 * line of defence on error messages built from provider bodies or low-level errors that
 * might echo a credential.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const forms: string[] = [];
  for (const secret of secrets) if (secret && secret.length >= 4) forms.push(...secretForms(secret));
  return redactForms(text, forms.sort((a, b) => b.length - a.length));
}

function redactForms(text: string, forms: readonly string[]): string {
  let out = text;
  // includes() first: the common case (no secret in the text) costs one native scan per form.
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** Base64 fragments shorter than this are not redacted: too likely to match ordinary text. */
const MIN_BASE64_FRAGMENT = 6;

/**
 * Every form in which `secret` may appear in text a provider sends back: raw,
 * percent-encoded, and base64/base64url — both whole (`dXNlcjpwYXNz`, `dXNlcjpwYXNz==`) and
 * embedded in a longer encoded string (`base64("x" + secret + "y")`).
 *
 * Base64 maps 3 bytes to 4 characters, so a secret embedded at a byte offset that is not
 * a multiple of 3 encodes to different characters depending on that offset. For each of
 * the three alignments the secret is encoded after 0, 1 or 2 filler bytes, and only the
 * characters made purely of the secret's bits are kept: the first `ceil(8k/6)` characters
 * (which mix in filler bits) and the last partial character (which mixes in whatever
 * follows) are dropped. Any base64 text containing the secret at any offset contains one
 * of these three fragments.
 *
 * @example
 * ```ts
 * secretForms('hunter22'); // ['hunter22', 'aHVudGVyMjI=', 'aHVudGVyMj', 'odW50ZXIy', ...]
 * ```
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), encodeURI(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  const whole = bytes.toString('base64');
  forms.add(whole);
  forms.add(bytes.toString('base64url'));
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const start = Math.ceil((8 * k) / 6);
    const end = Math.floor((8 * (k + bytes.length)) / 6);
    const fragment = encoded.slice(start, end);
    if (fragment.length < MIN_BASE64_FRAGMENT) continue;
    forms.add(fragment);
    forms.add(fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** A set of secrets known to one connection (credentials, tokens, proxy passwords). */
export class SecretSet implements Iterable<string> {
  readonly #secrets = new Set<string>();
  /** Every form of every secret, longest first; rebuilt lazily after an add. */
  #forms: string[] | undefined = [];
  /**
   * Signatures a server may echo in a body (an error quoting the request, a listing
   * holding presigned URLs) are hidden by shape, since they change on every request.
   */
  readonly #patterns: RegExp[] = [
    /(?<=Signature=)[0-9a-f]{64}/g,
    /(?<=[?&;](?:X-Amz-Signature|X-Amz-Security-Token|X-Goog-Signature|sig|Signature|temp_url_sig)=)[^&\s"'<>]+/gi,
  ];

  /** Adds a value to hide. Short or empty values are ignored (they would blank out ordinary text). */
  add(value: string | undefined | null): void {
    if (typeof value === 'string' && value.length >= 4 && !this.#secrets.has(value)) {
      this.#secrets.add(value);
      this.#forms = undefined;
    }
  }

  /**
   * Adds a user name and password sent together (proxy credentials, HTTP Basic auth): the
   * password on its own, and the `user:password` pair, so the pair's base64 form (the
   * `Basic` credential a server may quote back) is hidden too.
   *
   * @example
   * ```ts
   * secrets.addPair('alice', 'pr0xy-pass');
   * secrets.redact('got Basic YWxpY2U6cHIweHktcGFzcw=='); // 'got Basic [REDACTED]'
   * ```
   */
  addPair(user: string | undefined | null, password: string | undefined | null): void {
    this.add(password);
    if (typeof password === 'string' && password !== '' && typeof user === 'string') this.add(`${user}:${password}`);
  }

  /**
   * Adds a pattern whose matches are hidden. For secrets that change on every request
   * (a request signature a provider quotes back in its error body): adding each value
   * would grow the set without bound. The pattern must have the `g` flag.
   *
   * @example
   * ```ts
   * // Azure quotes the request's HMAC in AuthenticationFailed bodies.
   * secrets.addPattern(/(?<=MAC signature found in the HTTP request ')[^']+/g);
   * ```
   */
  addPattern(pattern: RegExp): void {
    if (!pattern.global) throw new TypeError('SecretSet.addPattern needs a global (g) RegExp');
    if (!this.#patterns.some((p) => p.source === pattern.source && p.flags === pattern.flags)) this.#patterns.push(pattern);
  }

  /** Redacts every known secret (and every match of a secret pattern) from `text`. */
  redact(text: string): string {
    this.#forms ??= [...new Set([...this.#secrets].flatMap(secretForms))].sort((a, b) => b.length - a.length);
    let out = redactForms(text, this.#forms);
    for (const pattern of this.#patterns) out = out.replace(pattern, REDACTED);
    return out;
  }

  /** The secrets, for redacting them elsewhere. */
  [Symbol.iterator](): Iterator<string> {
    return this.#secrets[Symbol.iterator]();
  }
}
