/**
 * Node built-in modules loaded on first use, not when nubes is imported.
 *
 * `import('nubes/compute')` must cost little more than starting node (issue 16, measured in
 * bench/startup.ts), and importing node:crypto, node:tls, node:net, node:zlib,
 * node:child_process or node:stream/web at the top of a module costs 2-8 ms each on a cold
 * start (node:crypto alone ~7 ms on Node 20) although a program needs them only once it
 * sends a request, signs, hashes or decompresses. So modules import these names from here:
 * each is a function with the built-in's own signature that loads the built-in
 * (`process.getBuiltinModule`, Node >= 20.16) the first time it is called.
 * test/packaging/lazy-builtins.test.ts fails when an area entry loads one of them at import.
 *
 * Classes (`X509Certificate`, `BlockList`) and module objects are reached through the
 * `node*()` accessors at the point of use. node:stream, node:fs, node:path, node:os and
 * node:diagnostics_channel stay ordinary imports: node loads most of them itself at start,
 * and the rest cost well under a millisecond.
 */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import type * as Net from 'node:net';
import type * as Tls from 'node:tls';
import type * as Zlib from 'node:zlib';

/** node:crypto, loaded on first call. */
export const nodeCrypto = (): typeof Crypto => process.getBuiltinModule('node:crypto');
/** node:net, loaded on first call. */
export const nodeNet = (): typeof Net => process.getBuiltinModule('node:net');
/** node:tls, loaded on first call. */
export const nodeTls = (): typeof Tls => process.getBuiltinModule('node:tls');
/** node:zlib, loaded on first call. */
export const nodeZlib = (): typeof Zlib => process.getBuiltinModule('node:zlib');
/** node:child_process, loaded on first call. */
export const nodeChildProcess = (): typeof ChildProcess => process.getBuiltinModule('node:child_process');

type AnyFunction = (...args: never[]) => unknown;

/** `module[name]`, typed as itself (overloads included), loading the module on the first call. */
function onFirstCall<M, K extends keyof M>(load: () => M, name: K): M[K] {
  let fn: ((...args: unknown[]) => unknown) | undefined;
  return ((...args: unknown[]) => (fn ??= load()[name] as unknown as (...args: unknown[]) => unknown)(...args)) as unknown as M[K] & AnyFunction;
}

/** `crypto.createHash`, node:crypto loaded on first call. */
export const createHash = onFirstCall(nodeCrypto, 'createHash');
/** `crypto.createHmac`, node:crypto loaded on first call. */
export const createHmac = onFirstCall(nodeCrypto, 'createHmac');
/** `crypto.createPrivateKey`, node:crypto loaded on first call. */
export const createPrivateKey = onFirstCall(nodeCrypto, 'createPrivateKey');
/** `crypto.randomBytes`, node:crypto loaded on first call. */
export const randomBytes = onFirstCall(nodeCrypto, 'randomBytes');
/** `crypto.randomUUID`, node:crypto loaded on first call. */
export const randomUUID = onFirstCall(nodeCrypto, 'randomUUID');
/** `crypto.sign`, node:crypto loaded on first call. */
export const sign = onFirstCall(nodeCrypto, 'sign');

/** `net.isIP`, node:net loaded on first call. */
export const isIP = onFirstCall(nodeNet, 'isIP');
/** `net.isIPv4`, node:net loaded on first call. */
export const isIPv4 = onFirstCall(nodeNet, 'isIPv4');
/** `net.isIPv6`, node:net loaded on first call. */
export const isIPv6 = onFirstCall(nodeNet, 'isIPv6');

/** `zlib.createGunzip`, node:zlib loaded on first call. */
export const createGunzip = onFirstCall(nodeZlib, 'createGunzip');
/** `zlib.createInflate`, node:zlib loaded on first call. */
export const createInflate = onFirstCall(nodeZlib, 'createInflate');
/** `zlib.createBrotliDecompress`, node:zlib loaded on first call. */
export const createBrotliDecompress = onFirstCall(nodeZlib, 'createBrotliDecompress');

/** `child_process.execFile`, node:child_process loaded on first call. */
export const execFile = onFirstCall(nodeChildProcess, 'execFile');
