import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ConfigError, SwitchyardError } from '../index.ts';
import type { Logger } from '../index.ts';

/** Name of the key file inside the data directory. */
export const SECRET_KEY_FILE = 'secret.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'gcm1';

/** A stored ciphertext could not be decrypted (wrong key, or tampered with). */
export class SecretDecryptError extends SwitchyardError {
  constructor(purpose: string, options?: { cause?: unknown }) {
    super('ERR_SECRET_DECRYPT', `cannot decrypt a stored ${purpose} secret`, options);
  }
}

/**
 * Encrypts the secrets we must give back in clear (SIP passwords for the
 * demo CSV and provisioning, trunk passwords for outbound digest) with
 * AES-256-GCM. The stored form is `gcm1$<iv>$<tag>$<ciphertext>` in
 * base64url. `purpose` is bound as additional authenticated data, so a
 * trunk secret copied into an extension row fails to decrypt.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) {
      throw new ConfigError('secret.key', key.length, `the key must be ${KEY_BYTES} bytes`);
    }
    this.#key = Buffer.from(key);
  }

  encrypt(plain: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return [FORMAT, ...parts].join('$');
  }

  decrypt(stored: string, purpose: string): string {
    const parts = stored.split('$');
    if (parts.length !== 4 || parts[0] !== FORMAT) throw new SecretDecryptError(purpose);
    const [, ivText, tagText, bodyText] = parts as [string, string, string, string];
    try {
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('bad iv or tag');
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(tag);
      const body = Buffer.from(bodyText, 'base64url');
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SecretDecryptError(purpose, { cause: error });
    }
  }
}

/**
 * Reads `<dataDir>/secret.key`, creating it with mode 0600 on first use.
 * The key is written to a private temporary file and then hard-linked into
 * place, which fails if the name exists: two processes starting together
 * end up with the same, complete key.
 */
export function loadOrCreateSecretKey(dataDir: string, logger?: Logger): Buffer {
  const path = join(dataDir, SECRET_KEY_FILE);
  if (!existsSync(path)) {
    const tmpPath = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmpPath, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(KEY_BYTES));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmpPath, path);
      logger?.info({ path }, 'created a new secret key file');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(tmpPath);
    }
  }
  return readExistingKey(path, logger);
}

function readExistingKey(path: string, logger?: Logger): Buffer {
  const fd = openSync(path, 'r');
  try {
    const mode = fstatSync(fd).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      logger?.warn({ path, mode: mode.toString(8) }, 'secret key file is readable by others');
    }
    const key = readFileSync(fd);
    if (key.length !== KEY_BYTES) {
      throw new ConfigError(path, key.length, `${path} must hold exactly ${KEY_BYTES} bytes`);
    }
    return key;
  } finally {
    closeSync(fd);
  }
}
