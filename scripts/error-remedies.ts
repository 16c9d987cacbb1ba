/**
 * How to fix each error, by code. scripts/errors-doc.ts joins this with the classes
 * exported from src/common/errors/ (and the testing kit) into docs/errors.md, and
 * fails when an exported error has no entry here: a new error class needs its remedy.
 */
export const REMEDIES: Readonly<Record<string, string>> = {
  NUBES_ERR_GENERIC:
    'The root class: catch `NubesError` to catch every nubes error, then switch on `err.code`. A bare `NubesError` wraps an unexpected low-level failure; its `cause` holds the original.',
  NUBES_ERR_INVALID_ARGUMENT:
    'The message and `err.option` name the option, argument or environment variable that is wrong; correct its value. Nothing was sent to the provider. Guaranteed for bad input to every compute, DNS and load balancer driver: a wrong type or shape in a constructor option, a `null`/number/empty value where an id, name or object is expected, and an unknown or wrong-typed key in a per-call options object (`createNode`, `createVolume`, `waitUntilRunning`, `createZone`, `createRecord`, `createBalancer`, ...) are this error, never a raw `TypeError` (test/validation/ checks every registered driver).',
  NUBES_ERR_UNKNOWN_PROVIDER:
    "Use one of the provider names the message lists (the area's `Provider` enum). A third-party driver must be registered with `setDriver` before `getDriver` (CLI: `--plugin`). In the CLI, check `--provider` and `NUBES_PROVIDER`.",
  NUBES_ERR_DRIVER_ALREADY_REGISTERED:
    'Register each provider name once (not on every module reload), or choose a name that is not taken; built-in names cannot be replaced.',
  NUBES_ERR_NOT_SUPPORTED:
    "This driver does not implement the method. Check `driver.supports('method')` before calling, or look the provider up in the support matrices of docs/compute.md and docs/storage.md.",
  NUBES_ERR_PROVIDER:
    "The provider answered with an unusual error status. Read `statusCode` and the provider's message; quote `requestId` when you contact the provider's support.",
  NUBES_ERR_BAD_REQUEST:
    "The provider rejected a parameter; its message usually names it (a size or image not offered in this location, a name already taken, a malformed value). Check the value against `listSizes()`, `listImages()` or `listLocations()`.",
  NUBES_ERR_INVALID_CREDENTIALS:
    'Check the key and secret (the CLI reads them from the variables listed in docs/cli.md), that the token is not expired or revoked, that it has the scope the call needs (write access for create/delete), the region, and for signed requests (AWS) the machine clock.',
  NUBES_ERR_NOT_FOUND:
    'The id or name does not exist in this account, project or region. List the resources first, and check the `region` option.',
  NUBES_ERR_CONFLICT:
    'The resource is in a state that forbids the call (it already exists, is not empty, or is busy with another action). Wait for the pending action, or remove what depends on it first.',
  NUBES_ERR_RATE_LIMIT:
    'The provider throttled you. nubes already retried idempotent requests within the retry policy; wait `err.retryAfter` seconds before trying again, lower your concurrency, or raise the `retry` option.',
  NUBES_ERR_SERVICE_UNAVAILABLE:
    "The provider failed (5xx). Idempotent requests were already retried; try again later, check the provider's status page, and quote `requestId` to its support.",
  NUBES_ERR_REDIRECT:
    'The endpoint answered with a redirect (often a bucket in another region, or http redirected to https). Point the driver at the right endpoint with `region`, `host` or `url`; a custom Connection may opt in with `followRedirects`.',
  NUBES_ERR_RESPONSE_TOO_LARGE:
    'The body was larger than `maxResponseSize` (default 32 MiB). Raise the option, or use a streaming call (`downloadObjectAsStream`, `request(..., { raw: true })`) for large bodies.',
  NUBES_ERR_MALFORMED_RESPONSE:
    "The body was not the JSON or XML the driver expected — often an HTML page from a proxy, a captive portal or a wrong `host`/`url`. Run with `NUBES_DEBUG=1` to see what came back. Also guaranteed for a well-formed body with a malformed item (a `null` item, an item without its id or name, a non-numeric size, a non-list where a list is expected): every compute, DNS and load balancer mapper refuses it with this error, naming the provider, the item and the field (`err.provider`), never a `TypeError` and never a value with an empty id.",
  NUBES_ERR_NETWORK:
    'The connection failed (refused, reset, DNS failure). Check `host`, `port` or `url`, DNS and firewalls. If your network needs a proxy, set `HTTPS_PROXY` or the `proxyUrl` option (docs/proxies.md).',
  NUBES_ERR_TIMEOUT:
    '`err.kind` says which timeout fired: `connect`, `idle` or `total` (one request; the message names the option), or `call` (the `timeout` you gave a driver method, e.g. `listNodes({ timeout })`, covering every request of the call). Raise that `timeout` (the connection option is a number or `{ connect, idle, total }`), or check the network path and proxy.',
  NUBES_ERR_ABORTED: 'Your `AbortSignal` fired; `cause` holds its reason. Nothing to fix unless you did not expect the abort.',
  NUBES_ERR_PROXY:
    'The message names the proxy and where its setting came from (`proxyUrl`, `setHttpProxy()` or a variable such as `HTTPS_PROXY`): check its host and port and that it runs. If it refused the CONNECT tunnel, it blocks that host or port — ask its administrator, or list the host in `NO_PROXY` if it should be reached directly. See docs/proxies.md.',
  NUBES_ERR_PROXY_AUTH:
    'The proxy answered 407. Put the credentials in the proxy URL (`http://user:password@proxy:3128`, special characters percent-encoded: `@` is `%40`) and check them. For NTLM or Kerberos proxies, use the `node` transport with an agent that speaks them.',
  NUBES_ERR_SSL:
    "The certificate could not be verified; the message lists the trusted CAs. Behind a TLS-intercepting proxy (corporate inspection, mitmproxy) or for a self-signed endpoint, trust its CA with the `caCertsPath` option or `SSL_CERT_FILE` (CLI: `--ca`). `verifySslCert: false` (CLI: `--insecure`) is for throwaway tests only.",
  NUBES_ERR_NODE_NOT_FOUND: 'The node id does not exist (or was destroyed). List the nodes first, and check the `region` option.',
  NUBES_ERR_IMAGE_NOT_FOUND:
    'The image id does not exist in this region (or is not visible to the account). List the images first (`listImages`), and check the `region` option: image ids are usually per region.',
  NUBES_ERR_KEY_PAIR_NOT_FOUND:
    'No key pair has that name (names are case-sensitive, and per region on some providers). List them with `listKeyPairs`, or create or import one first.',
  NUBES_ERR_WAIT_TIMEOUT:
    "The operation did not finish before the wait's `timeout` (or `deadline`). It may still complete on the provider's side: check it in the provider's console, then wait again with a longer `timeout`. The message names the operation and its last state.",
  NUBES_ERR_OPERATION_FAILED:
    "The provider ran the operation and reports that it failed; `err.providerCode` and the message carry the provider's reason (a quota, a name already taken, a resource in use). Fix the cause and run the call again.",
  NUBES_ERR_PAGINATION:
    'The provider returned a page cursor it had already returned (a provider bug that would loop forever), or the listing needed more pages than `maxPages` allows. Raise `maxPages`, or narrow the listing with a filter or prefix.',
  NUBES_ERR_NODE_STATE_TIMEOUT:
    "The nodes did not reach `running` in time; the message lists their states. Raise `waitUntilRunning`'s `timeout`, look at the node in the provider's console (an `error` state never becomes running), and pass `waitForPublicIp: false` for nodes without a public address.",
  NUBES_ERR_CONTAINER_NOT_FOUND:
    'Check the container name (case matters) and the region or endpoint; create it with `createContainer` (CLI: `nubes storage mb`).',
  NUBES_ERR_CONTAINER_EXISTS:
    'On S3-like providers bucket names are global: another account may own it. Choose another name, or use `getContainer` if it is yours.',
  NUBES_ERR_CONTAINER_NOT_EMPTY: 'Delete the objects first (CLI: `nubes storage rm`), then the container.',
  NUBES_ERR_INVALID_CONTAINER_NAME:
    "Follow the provider's naming rules (S3: 3 to 63 characters, lowercase letters, digits, hyphens and dots, starting with a letter or digit).",
  NUBES_ERR_OBJECT_NOT_FOUND: 'Check the object name (full key, case matters) and the container; list with a prefix to find it (CLI: `nubes storage ls container/prefix`).',
  NUBES_ERR_OBJECT_SIZE_MISMATCH:
    'The bytes received do not add up to the size the provider declared for the object or range (a truncated or padded body, often a proxy or a flaky connection; or the object changed since you listed it). Nothing was kept: get the object again (`getObject`) and retry the download.',
  NUBES_ERR_UPLOAD_SOURCE:
    "The stream, iterable or file you passed as the upload's source failed; `err.cause` is its own error. Fix the source (a file that vanished, a broken pipe, a generator that threw) and upload again; nothing partial was left on the provider.",
  NUBES_ERR_OBJECT_HASH_MISMATCH:
    'The bytes changed in transit; nothing partial was kept. Retry. If a proxy or gateway rewrites bodies, exempt the storage host with `NO_PROXY`.',
  NUBES_ERR_FILE_EXISTS: 'The destination file exists. Pass `overwriteExisting: true` or choose another path (CLI: `--force`).',
  NUBES_ERR_ZONE_NOT_FOUND: 'The zone id does not exist in this account; list the zones first (CLI: `nubes dns list-zones`).',
  NUBES_ERR_ZONE_EXISTS: 'A zone for this domain exists already (possibly in another account for some providers); use it, or delete it first.',
  NUBES_ERR_RECORD_NOT_FOUND: 'The record id does not exist in this zone; list the records first (CLI: `nubes dns list-records ZONE`).',
  NUBES_ERR_RECORD_EXISTS: 'An identical record exists; update it instead of creating it, or delete it first.',
  NUBES_ERR_BALANCER_NOT_FOUND: 'The load balancer id does not exist in this account or region; list them first (CLI: `nubes lb list`).',
  NUBES_ERR_MOCK_UNMATCHED:
    'A test request matched no MockTransport route. The message shows the request and every route tried: add a route for it (method, path, query, host), or fix the code under test.',
};
