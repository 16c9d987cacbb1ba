/**
 * The Amazon EC2 compute driver.
 *
 * @module
 */
export { Ec2NodeDriver, type Ec2DriverOptions, type Ec2CreateNodeOptions, type Ec2ImageQuery } from './driver.js';
export { Ec2Connection, Ec2Response } from './connection.js';
export { EC2_SIZES, type Ec2SizeExtra, type Ec2SizeRow } from './sizes.js';
export {
  nodeStateOf,
  type Ec2NodeExtra,
  type Ec2ImageExtra,
  type Ec2LocationExtra,
  type Ec2VolumeExtra,
  type Ec2SnapshotExtra,
  type Ec2KeyPairExtra,
  type Ec2Tags,
} from './mappers.js';
export type { Ec2SecurityGroup, Ec2IngressRule, Ec2ElasticIp } from './network.js';
