// Encryption of private signing keys at rest: AES-256-GCM under the configured key-encryption key.
// Invariants: a fresh 96-bit IV per encryption; the GCM tag authenticates the ciphertext and the
// key id (as additional data), so a row's key cannot be swapped into another kid's row.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Parses the configured base64/base64url 32-byte key. */
export function parseKeyEncryptionKey(text: string): Buffer {
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new Error('the key-encryption key must be 32 bytes of base64');
  return key;
}

/** Encrypts `plaintext` bound to `kid`; returns `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(key: Buffer, kid: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Decrypts what encryptSecret produced for the same kid; throws on any tampering. */
export function decryptSecret(key: Buffer, kid: string, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('unknown sealed-secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(kid, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
