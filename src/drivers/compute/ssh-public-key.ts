/**
 * OpenSSH public keys: parsing (`ssh-ed25519 AAAA... comment`) and the MD5
 * fingerprint (`3b:16:e4:...`) DigitalOcean and others use to name keys.
 */
import { createHash } from '../../common/builtins.js';
import { InvalidArgumentError } from '../../common/errors/index.js';

/** A parsed OpenSSH public key. */
export interface OpenSshPublicKey {
  /** Key type, e.g. `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`. */
  type: string;
  /** The key blob (base64-decoded). */
  blob: Buffer;
  /** The comment after the key, if any. */
  comment: string | undefined;
}

/**
 * Parses an OpenSSH public key line.
 *
 * @throws {InvalidArgumentError} naming `option` when the text is not one.
 */
export function parseOpenSshPublicKey(text: string, option = 'publicKey'): OpenSshPublicKey {
  const parts = typeof text === 'string' ? text.trim().split(/\s+/) : [];
  const [type, data, ...rest] = parts;
  if (!type || !data || !/^(ssh-|ecdsa-|sk-)/.test(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) {
    throw new InvalidArgumentError(`${option} must be an OpenSSH public key ("ssh-ed25519 AAAA... comment")`, { option });
  }
  const blob = Buffer.from(data, 'base64');
  // The blob starts with the key type as an SSH string (uint32 length + bytes).
  const declared = blob.length >= 4 ? blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1') : '';
  if (declared !== type) {
    throw new InvalidArgumentError(`${option} is not a valid OpenSSH public key: its data does not match its type ${type}`, { option });
  }
  return { type, blob, comment: rest.length ? rest.join(' ') : undefined };
}

/** The MD5 fingerprint of an OpenSSH public key, as colon-separated hex (`ssh-keygen -E md5 -l`). */
export function md5Fingerprint(publicKey: string, option = 'publicKey'): string {
  const { blob } = parseOpenSshPublicKey(publicKey, option);
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}
