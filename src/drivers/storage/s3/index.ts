/** The S3 driver family. */
export { S3StorageDriver, type S3DriverOptions, type S3ContainerExtra, type S3ObjectExtra, type PresignedUrlOptions } from './driver.js';
export { S3Connection, type S3Addressing } from './connection.js';
export { S3Response, S3_ERROR_CLASSES } from './response.js';
export { type S3Profile, type S3EndpointOptions } from './profile.js';
export {
  MinIOStorageDriver,
  CephRGWStorageDriver,
  DigitalOceanSpacesStorageDriver,
  BackblazeB2StorageDriver,
  CloudflareR2StorageDriver,
  WasabiStorageDriver,
  ScalewayStorageDriver,
  GoogleStorageDriver,
  type CloudflareR2Options,
} from './compatible.js';
