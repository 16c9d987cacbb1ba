/**
 * The compute provider registry. Drivers of this area register here, one line each.
 */
import { DriverRegistry, DriverType } from '../../common/registry.js';

/** Providers of the compute area. */
export enum Provider {}

/** The compute registry. */
export const registry = new DriverRegistry<unknown>(DriverType.COMPUTE);
