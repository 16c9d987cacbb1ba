/**
 * The classic Elastic Load Balancing connection (Query API 2012-06-01, SigV4).
 */
import { AwsQueryConnection, elbEndpoint, type AwsServiceDescription } from '../../../common/aws/index.js';
import type { ResponseClass } from '../../../connection/response.js';
import { ElbResponse } from '../aws-elb-common.js';

/**
 * The connection to classic ELB: `elasticloadbalancing.<region>.amazonaws.com`, API
 * version 2012-06-01.
 */
export class ElbConnection extends AwsQueryConnection {
  static override readonly awsService: AwsServiceDescription = { service: 'elasticloadbalancing', endpoint: elbEndpoint };
  static override readonly apiVersion = '2012-06-01';
  /** {@link ElbResponse}: maps Elastic Load Balancing's error codes. */
  protected override responseCls: ResponseClass = ElbResponse;
}
