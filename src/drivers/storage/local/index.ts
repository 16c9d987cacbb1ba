/** The Local storage driver. */
export { LocalStorageDriver, type LocalContainerExtra, type LocalObjectExtra } from './local-driver.js';
