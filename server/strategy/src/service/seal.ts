// Sealing of the order credentials deployments keep (the owner's API key): AES-256-GCM with the
// configured key, a fresh 12-byte nonce per value, stored as nonce || tag || ciphertext. Why
// sealed: the key places orders for its owner, so a database dump must not hand it out.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Encrypts `text` under `key`. */
export function seal(key: Buffer, text: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

/** Decrypts what seal() produced; throws when the key is wrong or the value was altered. */
export function unseal(key: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}
