/** The Local storage driver. */
export {
  LocalStorageDriver,
  type LocalContainerExtra,
  type LocalDownloadOptions,
  type LocalDownloadStreamOptions,
  type LocalObjectExtra,
  type LocalVerifyMode,
} from './driver.js';
