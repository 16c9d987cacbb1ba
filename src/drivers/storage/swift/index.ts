export { OpenStackSwiftStorageDriver, type SwiftPresignOptions, type SwiftDownloadOptions } from './swift-driver.js';
export { SwiftConnection } from './swift-connection.js';
export { SwiftResponse, SWIFT_RATE_LIMITED } from './swift-response.js';
export type { SwiftDriverOptions, SwiftContainerExtra, SwiftObjectExtra, SwiftUploadOptions } from './types.js';
