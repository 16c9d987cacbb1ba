/**
 * What the AWS drivers (Route 53, ELB, ALB) take besides the connection options, and
 * how it reaches their AwsConnection.
 */
import type { ConnectionOptions } from '../../connection/connection.js';
import { InvalidArgumentError } from '../errors/index.js';
import type { AwsConnectionOptions } from './aws-connection.js';

/** The AWS-specific driver options. */
export interface AwsDriverOptions {
  /** AWS region. */
  region?: string;
  /** Session token of temporary credentials. */
  sessionToken?: string;
  /** Time source for signatures. */
  clock?: () => Date;
}

/**
 * The AWS connection options out of a driver's options.
 *
 * @throws {InvalidArgumentError} without a secret access key, naming `driverName`.
 */
export function awsConnectionOptions(
  driverName: string,
  secret: string | undefined,
  connection: ConnectionOptions,
  driver: Readonly<AwsDriverOptions>,
): AwsConnectionOptions {
  if (secret === undefined || secret === '') {
    throw new InvalidArgumentError(`${driverName} needs the secret access key as its second argument`, { option: 'secret' });
  }
  const aws: AwsConnectionOptions = { ...connection };
  if (driver.region !== undefined) aws.region = driver.region;
  if (driver.sessionToken !== undefined) aws.sessionToken = driver.sessionToken;
  if (driver.clock !== undefined) aws.clock = driver.clock;
  return aws;
}
