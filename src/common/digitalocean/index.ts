/**
 * The DigitalOcean provider family: connection, error mapping and pagination shared
 * by the DigitalOcean compute, DNS and load-balancer drivers.
 */
export { DigitalOceanConnection, DIGITALOCEAN_HOST, DIGITALOCEAN_API_PREFIX } from './connection.js';
export { DigitalOceanResponse, type DigitalOceanErrorBody } from './response.js';
export {
  iterateDigitalOcean,
  nextPageNumber,
  DIGITALOCEAN_MAX_PER_PAGE,
  type DigitalOceanLinks,
  type DigitalOceanPageOptions,
} from './pagination.js';
