/**
 * The storage provider registry. Drivers of this area register here, one line each.
 */
import { DriverRegistry, DriverType } from '../../common/registry.js';

/** Providers of the storage area. */
export enum Provider {}

/** The storage registry. */
export const registry = new DriverRegistry<unknown>(DriverType.STORAGE);
