/**
 * Classic Elastic Load Balancing driver.
 */
export { ElbLoadBalancerDriver, type ElbBalancerExtra, type ElbMemberExtra, type ElbListener, type ElbCreateBalancerOptions } from './driver.js';
export { ElbConnection } from './connection.js';
