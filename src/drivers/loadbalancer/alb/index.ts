/**
 * Application Load Balancer driver.
 */
export {
  AlbLoadBalancerDriver,
  type AlbBalancerExtra,
  type AlbMemberExtra,
  type AlbListener,
  type AlbTargetGroup,
  type AlbCreateBalancerOptions,
} from './driver.js';
export { AlbConnection } from './connection.js';
