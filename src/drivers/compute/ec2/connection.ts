/**
 * The EC2 connection (Query API 2016-11-15, SigV4) and its error mapping.
 */
import { AwsQueryConnection } from '../../../common/aws/aws-query-connection.js';
import type { AwsServiceDescription } from '../../../common/aws/aws-connection.js';
import { AwsXmlResponse, type AwsErrorClass } from '../../../common/aws/aws-xml-response.js';
import { ec2Endpoint } from '../../../common/aws/regions.js';
import { ConflictError, InvalidCredentialsError, NodeDoesNotExistError, NotFoundError } from '../../../common/errors/index.js';
import type { ResponseClass } from '../../../connection/response.js';

/** EC2 error codes that mean "this resource does not exist". */
const NOT_FOUND_CODES = new Set([
  'InvalidAMIID.NotFound',
  'InvalidAMIID.Unavailable',
  'InvalidVolume.NotFound',
  'InvalidSnapshot.NotFound',
  'InvalidKeyPair.NotFound',
  'InvalidGroup.NotFound',
  'InvalidAllocationID.NotFound',
  'InvalidAssociationID.NotFound',
  'InvalidAddress.NotFound',
]);

/** EC2 error codes that mean "this already exists". */
const DUPLICATE_CODES = new Set(['InvalidKeyPair.Duplicate', 'InvalidGroup.Duplicate', 'InvalidPermission.Duplicate']);

/**
 * EC2 responses: `InvalidInstanceID.NotFound` / `.Malformed` become
 * {@link NodeDoesNotExistError}, other `*.NotFound` codes {@link NotFoundError},
 * duplicates {@link ConflictError}, `UnauthorizedOperation` (403, a missing IAM
 * permission) {@link InvalidCredentialsError}; auth and throttling codes as in
 * {@link AwsXmlResponse}.
 */
export class Ec2Response extends AwsXmlResponse {
  protected override errorClassFor(code: string, status: number): AwsErrorClass | undefined {
    if (code === 'InvalidInstanceID.NotFound' || code === 'InvalidInstanceID.Malformed') return NodeDoesNotExistError;
    if (NOT_FOUND_CODES.has(code)) return NotFoundError;
    if (DUPLICATE_CODES.has(code)) return ConflictError;
    if (code === 'UnauthorizedOperation') return InvalidCredentialsError;
    return super.errorClassFor(code, status);
  }
}

/**
 * The EC2 connection: `ec2.<region>.amazonaws.com`, API version 2016-11-15.
 *
 * @example
 * ```ts
 * import { Ec2Connection } from 'nubes/compute';
 *
 * const conn = new Ec2Connection(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!, { region: 'eu-west-3' });
 * const res = await conn.queryAction('DescribeRegions');
 * ```
 */
export class Ec2Connection extends AwsQueryConnection {
  static override readonly awsService: AwsServiceDescription = { service: 'ec2', endpoint: ec2Endpoint };
  static override readonly apiVersion = '2016-11-15';
  /** {@link Ec2Response}: maps EC2's error codes to nubes errors. */
  protected override responseCls: ResponseClass = Ec2Response;
}
