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
  /** The profile of ~/.aws/config and ~/.aws/credentials (default `AWS_PROFILE`, else `default`). */
  profile?: string;
  /** Time source for signatures. */
  clock?: () => Date;
}

/**
 * Checks the key pair a driver was given: both (explicit keys), or neither (the AWS
 * credential chain finds them).
 *
 * @throws {InvalidArgumentError} for an access key id without its secret, naming `driverName`.
 */
export function checkAwsKeys(driverName: string, key: string | undefined, secret: string | undefined): void {
  const hasKey = key !== undefined && key !== '';
  const hasSecret = secret !== undefined && secret !== '';
  if (hasKey && !hasSecret) {
    throw new InvalidArgumentError(
      `${driverName} needs the secret access key as its second argument (or neither key nor secret, and the AWS credential chain finds them)`,
      { option: 'secret' },
    );
  }
}

/**
 * The AWS connection options out of a driver's options.
 *
 * @throws {InvalidArgumentError} for an access key id without its secret, naming `driverName`.
 */
export function awsConnectionOptions(
  driverName: string,
  key: string | undefined,
  secret: string | undefined,
  connection: ConnectionOptions,
  driver: Readonly<AwsDriverOptions>,
): AwsConnectionOptions {
  checkAwsKeys(driverName, key, secret);
  const aws: AwsConnectionOptions = { ...connection };
  if (driver.region !== undefined) aws.region = driver.region;
  if (driver.sessionToken !== undefined) aws.sessionToken = driver.sessionToken;
  if (driver.profile !== undefined) aws.profile = driver.profile;
  if (driver.clock !== undefined) aws.clock = driver.clock;
  return aws;
}
