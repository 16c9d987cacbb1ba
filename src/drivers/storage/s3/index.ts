/** The S3 driver family. */
export { S3StorageDriver, type S3DriverOptions, type S3ContainerExtra, type S3ObjectExtra, type PresignedUrlOptions } from './s3-driver.js';
export { S3Connection, type S3Addressing } from './s3-connection.js';
export { S3Response, S3_ERROR_CLASSES } from './s3-response.js';
export { type S3Profile, type S3EndpointOptions } from './s3-profile.js';
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
