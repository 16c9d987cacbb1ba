/**
 * The Linode provider family: connection, error mapping and pagination shared by the
 * Linode compute, DNS and NodeBalancer drivers.
 */
export { LinodeConnection, LINODE_HOST, LINODE_API_PREFIX } from './connection.js';
export { LinodeResponse, type LinodeErrorBody, type LinodeErrorReason } from './response.js';
export { iterateLinode, LINODE_MIN_PAGE_SIZE, LINODE_MAX_PAGE_SIZE, type LinodePage, type LinodePageOptions } from './pagination.js';
