/**
 * The Elastic Load Balancing v2 connection (Query API 2015-12-01, SigV4), used for
 * Application Load Balancers.
 */
import { AwsQueryConnection, elbEndpoint, type AwsServiceDescription } from '../../../common/aws/index.js';
import type { ResponseClass } from '../../../connection/response.js';
import { ElbResponse } from '../aws-elb-common.js';

/** The connection to ELBv2: `elasticloadbalancing.<region>.amazonaws.com`, API version 2015-12-01. */
export class AlbConnection extends AwsQueryConnection {
  static override readonly awsService: AwsServiceDescription = { service: 'elasticloadbalancing', endpoint: elbEndpoint };
  static override readonly apiVersion = '2015-12-01';
  /** {@link ElbResponse}: maps Elastic Load Balancing's error codes. */
  protected override responseCls: ResponseClass = ElbResponse;
}
