/**
 * nubes: one TypeScript API for many cloud providers.
 *
 * The root entry holds the HTTP layer (Connection and friends), the error hierarchy,
 * TLS defaults and the cross-area `getDriver(type, provider)`. Each area has its own
 * entry: `nubes/compute`, `nubes/storage`, `nubes/dns`, `nubes/loadbalancer`.
 *
 * @module nubes
 */
export { VERSION } from './version.js';
export * from './common/errors/index.js';
export { REDACTED, SecretSet } from './common/redact.js';
/**
 * @internal The HTTP layer's redaction helpers: kept on the root entry so existing imports
 * work, not part of the documented API (stripped from the published types).
 */
export { redactHeaders, redactUrl, redactSecrets, isSecretHeader } from './common/redact.js';
export { DriverType, DriverRegistry, type DriverConstructor, type DriverEntry, type SecretDriverConstructor, type BuiltInDrivers, defineRegistry, type AreaDriverClasses, type AreaDriverClass } from './common/registry.js';
export { BaseDriver, type DriverOptions, type DriverStatics, type ConnectionClass } from './common/base-driver.js';
export { paginate, collect, type Page, type PaginateOptions } from './common/pagination.js';
export { poll, type PollOptions, type PollResult } from './common/poll.js';
export type { CallOptions } from './common/call-options.js';
export { OAuthConnection } from './common/oauth/oauth-connection.js';
export { BearerTokenConnection, type BearerTokenApi } from './common/bearer-token-connection.js';
export { TokenCache, type AccessToken, type TokenCredential, type GetTokenOptions, type TokenCacheOptions } from './common/oauth/token-credential.js';
export { parseXml, xmlChild, xmlChildren, xmlText, xmlFind, type XmlElement, type XmlNode } from './common/xml.js';
export {
  Connection,
  CONNECTION_OPTION_KEYS,
  type ConnectionOptions,
  type TimeoutOptions,
  type RequestOptions,
  type PreparedRequest,
  type QueryParams,
  type HttpMethod,
} from './connection/connection.js';
export { ConnectionKey, ConnectionUserAndKey } from './connection/connection-key.js';
export {
  EVENT_CHANNELS,
  type Logger,
  type NubesEvent,
  type RequestEventBase,
  type RequestStartEvent,
  type RequestEndEvent,
  type RequestRetryEvent,
  type RequestRedirectEvent,
  type RequestErrorEvent,
  type TokenRefreshEvent,
} from './connection/events.js';
export { Response, JsonResponse, XmlResponse, RawResponse, type ResponseInit, type ResponseClass, type JsonValue } from './connection/response.js';
export type { RequestBody } from './connection/body.js';
export type { RetryOptions, RetryOption, RetryPolicy } from './connection/retry.js';
export {
  parseProxyUrl,
  resolveProxy,
  NoProxyList,
  describeProxySource,
  type ProxyConfig,
  type ProxySource,
  type ProxyDecision,
  type ProxyResolverSettings,
  type Environment,
} from './connection/proxy.js';
export { security, clearCertificateCache, type CaMode, type TrustStore, type TrustSource } from './connection/tls.js';
export type { Transport, TransportName, TransportRequest, TransportResponse, TransportBody } from './connection/transport/transport.js';
export { UndiciTransport, type UndiciTransportOptions } from './connection/transport/undici-transport.js';
export { getDriver, getRegistry } from './drivers/index.js';
