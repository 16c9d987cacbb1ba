/**
 * The Vultr provider family: connection, error mapping and pagination shared by the
 * Vultr compute, DNS and load-balancer drivers.
 */
export { VultrConnection, VULTR_HOST, VULTR_API_PREFIX } from './connection.js';
export { VultrResponse, type VultrErrorBody } from './response.js';
export { iterateVultr, VULTR_MAX_PER_PAGE, type VultrMeta, type VultrPageOptions } from './pagination.js';
