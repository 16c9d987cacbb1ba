/**
 * The loadbalancer provider registry. Drivers of this area register here, one line each.
 */
import { DriverRegistry, DriverType } from '../../common/registry.js';

/** Providers of the loadbalancer area. */
export enum Provider {}

/** The loadbalancer registry. */
export const registry = new DriverRegistry<unknown>(DriverType.LOADBALANCER);
