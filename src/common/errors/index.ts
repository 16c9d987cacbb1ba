export * from './codes.js';
export * from './nubes-error.js';
export * from './argument-errors.js';
export * from './http-errors.js';
export * from './network-errors.js';
export * from './area-errors.js';
export * from './from-status.js';
export * from './reclass.js';
