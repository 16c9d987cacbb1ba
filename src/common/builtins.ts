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
 * node:fs and node:util are here too although node loads them itself at start: an ES
 * module `import { readFileSync } from 'node:fs'` makes node build the module's ES facade,
 * which reads every export, lazy getters included (`fs.promises`, `fs.ReadStream`), and so
 * loads node:stream, node:fs/promises and readline's internals (Node 20-24);
 * `process.getBuiltinModule` returns the loaded module as it is.
 *
 * Classes (`X509Certificate`, `BlockList`, the connection's `Readable` and `PassThrough`)
 * and module objects are reached through the `node*()` accessors at the point of use.
 * node:path, node:os and node:diagnostics_channel stay ordinary imports (well under a
 * millisecond), and so do node:stream and node:fs in storage, whose stream classes extend
 * `Transform` when the module loads.
 */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs';
import type * as Net from 'node:net';
import type * as Tls from 'node:tls';
import type * as Util from 'node:util';
import type * as Zlib from 'node:zlib';

/** node:crypto, loaded on first call. */
export const nodeCrypto = (): typeof Crypto => process.getBuiltinModule('node:crypto');
/** node:fs (node has loaded it already; see the module comment). */
const nodeFs = (): typeof Fs => process.getBuiltinModule('node:fs');
/** node:net, loaded on first call. */
export const nodeNet = (): typeof Net => process.getBuiltinModule('node:net');
/** node:stream, loaded on first call (the connection's only use is per request; storage imports it). */
export const nodeStream = () => process.getBuiltinModule('node:stream');
/** node:tls, loaded on first call. */
export const nodeTls = (): typeof Tls => process.getBuiltinModule('node:tls');
/** node:util (node has loaded it already; see the module comment). */
const nodeUtil = (): typeof Util => process.getBuiltinModule('node:util');
/** node:zlib, loaded on first call. */
export const nodeZlib = (): typeof Zlib => process.getBuiltinModule('node:zlib');
/** node:child_process, loaded on first call. */
const nodeChildProcess = (): typeof ChildProcess => process.getBuiltinModule('node:child_process');

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

/** `fs.readFileSync`, through {@link nodeFs}. */
export const readFileSync = onFirstCall(nodeFs, 'readFileSync');
/** `fs.appendFileSync`, through {@link nodeFs}. */
export const appendFileSync = onFirstCall(nodeFs, 'appendFileSync');
/** `fs.existsSync`, through {@link nodeFs}. */
export const existsSync = onFirstCall(nodeFs, 'existsSync');
/** `fs.readdirSync`, through {@link nodeFs}. */
export const readdirSync = onFirstCall(nodeFs, 'readdirSync');
/** `fs.statSync`, through {@link nodeFs}. */
export const statSync = onFirstCall(nodeFs, 'statSync');

/** `util.inspect`, through {@link nodeUtil} (for `[inspect.custom]` use `Symbol.for('nodejs.util.inspect.custom')`, the same symbol). */
export const inspect = onFirstCall(nodeUtil, 'inspect');

/** `child_process.execFile`, node:child_process loaded on first call. */
export const execFile = onFirstCall(nodeChildProcess, 'execFile');
