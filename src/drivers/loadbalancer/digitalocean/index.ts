/**
 * DigitalOcean Load Balancer driver.
 */
export {
  DigitalOceanLoadBalancerDriver,
  DigitalOceanLoadBalancerConnection,
  DigitalOceanLoadBalancerResponse,
  type DigitalOceanBalancerExtra,
  type DigitalOceanBalancerPayload,
  type DigitalOceanForwardingRule,
  type DigitalOceanCreateBalancerOptions,
} from './driver.js';
