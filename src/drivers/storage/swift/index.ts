export { OpenStackSwiftStorageDriver, type SwiftPresignOptions, type SwiftDownloadOptions } from './driver.js';
export { SwiftConnection } from './connection.js';
export { SwiftResponse, SWIFT_RATE_LIMITED } from './response.js';
export type { SwiftDriverOptions, SwiftContainerExtra, SwiftObjectExtra, SwiftUploadOptions } from './types.js';
