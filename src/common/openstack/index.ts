/**
 * The OpenStack provider family, shared by the Nova compute driver and the Swift storage
 * driver: Keystone v3 and TempAuth identity, the service catalog, the connection that
 * authenticates every request, and the response class that reads OpenStack errors.
 *
 * @module nubes/openstack
 */
export { OpenStackConnection, type OpenStackConnectionOptions, type OpenStackRequestContext } from './openstack-connection.js';
export { OpenStackResponse } from './openstack-response.js';
export {
  OPENSTACK_OPTION_KEYS,
  OPENSTACK_AUTH_VERSIONS,
  isOpenStackOption,
  buildIdentity,
  serviceSettings,
  checkHttpUrl,
  type OpenStackOptions,
  type OpenStackAuthVersion,
  type OpenStackServiceSettings,
} from './options.js';
export {
  KeystoneV3Identity,
  keystoneAuthBody,
  keystoneV3Root,
  type KeystoneCredentials,
  type KeystonePasswordCredentials,
  type KeystoneApplicationCredentials,
  type KeystoneDomain,
  type KeystoneUser,
  type KeystoneScope,
} from './keystone.js';
export { TempAuthIdentity, tempAuthUrl } from './tempauth.js';
export { type OpenStackIdentity, type OpenStackAuthResult, type AuthSender } from './identity.js';
export {
  ServiceCatalog,
  OPENSTACK_INTERFACES,
  type OpenStackInterface,
  type CatalogService,
  type CatalogEndpoint,
  type EndpointQuery,
} from './service-catalog.js';
