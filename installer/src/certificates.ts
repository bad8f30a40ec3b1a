// The TLS certificate nginx serves (`<tlsDir>/tls.crt` + `tls.key`, mounted read-only). Either
// imported (the operator's certificate: checked to parse, to match its key and not to be expired)
// or, when none is given and none exists, a self-signed one for the server name (ECDSA P-256,
// SANs for the name, localhost and 127.0.0.1, valid 825 days, the most browsers accept).
// Invariants: an existing certificate is never replaced unless the operator imports a new one;
// files are written with a temp name then renamed; the key is mode 0600.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { generate } from 'selfsigned';
import { AdminError } from './errors.js';

/** File names inside the TLS folder (what the nginx config reads). */
export const CERT_FILE = 'tls.crt';
export const KEY_FILE = 'tls.key';

/** What ensureCertificate did. */
export type CertificateOutcome = 'kept' | 'generated' | 'imported';

/** A certificate's subject, names and validity. */
export interface CertificateInfo {
  subject: string;
  subjectAltName: string;
  validTo: Date;
  daysLeft: number;
  selfSigned: boolean;
}

/** Parses a PEM certificate; ADMIN_CERTIFICATE_INVALID when it is not one. */
export function certificateInfo(pem: string | Buffer, now = new Date()): CertificateInfo {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    throw new AdminError('ADMIN_CERTIFICATE_INVALID', 'the certificate is not a PEM X.509 certificate', 'give the PEM file (-----BEGIN CERTIFICATE-----)', { cause: error });
  }
  const validTo = new Date(certificate.validTo);
  return {
    subject: certificate.subject,
    subjectAltName: certificate.subjectAltName ?? '',
    validTo,
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / 86_400_000),
    selfSigned: certificate.issuer === certificate.subject,
  };
}

function writeAtomically(file: string, content: string | Buffer, mode: number): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, content, { mode });
  renameSync(temp, file);
}

/** Checks an operator's certificate and key belong together and are usable. */
export function checkCertificatePair(certPem: string | Buffer, keyPem: string | Buffer, now = new Date()): CertificateInfo {
  const info = certificateInfo(certPem, now);
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    throw new AdminError('ADMIN_CERTIFICATE_INVALID', 'the private key cannot be read (encrypted keys are not supported)', 'give an unencrypted PEM private key', { cause: error });
  }
  if (!new X509Certificate(certPem).checkPrivateKey(key)) {
    throw new AdminError('ADMIN_CERTIFICATE_INVALID', 'the private key does not belong to the certificate', 'pass the key the certificate was issued for');
  }
  if (info.daysLeft < 0) {
    throw new AdminError('ADMIN_CERTIFICATE_INVALID', `the certificate expired on ${info.validTo.toISOString()}`, 'renew it, or omit --cert to use a self-signed one');
  }
  return info;
}

/** Options of ensureCertificate. */
export interface EnsureCertificateOptions {
  tlsDir: string;
  serverName: string;
  /** Operator's certificate and key files to import (replacing what is there). */
  importCert?: string;
  importKey?: string;
  now?: Date;
}

/** Makes sure `<tlsDir>/tls.crt` and `tls.key` exist: keeps, imports or generates them. */
export async function ensureCertificate(options: EnsureCertificateOptions): Promise<{ outcome: CertificateOutcome; info: CertificateInfo }> {
  const certPath = path.join(options.tlsDir, CERT_FILE);
  const keyPath = path.join(options.tlsDir, KEY_FILE);
  mkdirSync(options.tlsDir, { recursive: true, mode: 0o755 });
  if ((options.importCert === undefined) !== (options.importKey === undefined)) {
    throw new AdminError('ADMIN_USAGE', '--cert and --key go together', 'pass both, or neither for a self-signed certificate');
  }
  if (options.importCert && options.importKey) {
    const cert = readFileSync(options.importCert);
    const key = readFileSync(options.importKey);
    const info = checkCertificatePair(cert, key, options.now);
    writeAtomically(keyPath, key, 0o600);
    writeAtomically(certPath, cert, 0o644);
    return { outcome: 'imported', info };
  }
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { outcome: 'kept', info: checkCertificatePair(readFileSync(certPath), readFileSync(keyPath), options.now) };
  }
  const now = options.now ?? new Date();
  const altNames = [
    isIP(options.serverName) ? { type: 7 as const, ip: options.serverName } : { type: 2 as const, value: options.serverName },
    ...(options.serverName === 'localhost' ? [] : [{ type: 2 as const, value: 'localhost' }]),
    ...(options.serverName === '127.0.0.1' ? [] : [{ type: 7 as const, ip: '127.0.0.1' }]),
  ];
  const pems = await generate([{ name: 'commonName', value: options.serverName }, { name: 'organizationName', value: 'Kestrel (self-signed)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 825 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  writeAtomically(keyPath, pems.private, 0o600);
  writeAtomically(certPath, pems.cert, 0o644);
  return { outcome: 'generated', info: certificateInfo(pems.cert, now) };
}
