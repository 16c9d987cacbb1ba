/** The Local storage driver. */
export { LocalStorageDriver, type LocalContainerExtra, type LocalObjectExtra } from './driver.js';
