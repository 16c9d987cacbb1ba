/**
 * The dns provider registry. Drivers of this area register here, one line each.
 */
import { DriverRegistry, DriverType } from '../../common/registry.js';

/** Providers of the dns area. */
export enum Provider {}

/** The dns registry. */
export const registry = new DriverRegistry<unknown>(DriverType.DNS);
