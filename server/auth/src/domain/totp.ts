// RFC 6238 TOTP: secrets, otpauth:// enrolment URIs, QR codes, and single-use verification.
// HOTP/TOTP arithmetic is the `otpauth` package's; this module owns the policy around it.
// Invariants: a code is accepted within ±1 time step (30 s) of the server clock, and only when its
// step is later than the last step that account used, so a code (or an earlier one) can never be
// replayed; callers persist the returned step atomically (compare-and-set on the stored value).
// Known limits: clock skew beyond one step on the user's device fails verification by design.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** TOTP settings every authenticator app understands (RFC 6238 defaults). */
export const TOTP_SETTINGS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Steps of tolerance either side of now. */
export const TOTP_WINDOW = 1;

/** A fresh 160-bit secret in base32, the form stored and put in the URI. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app enrols from. */
export function totpUri(secretBase32: string, accountName: string, issuer: string): string {
  return new TOTP({ ...TOTP_SETTINGS, issuer, label: accountName, secret: Secret.fromBase32(secretBase32) }).toString();
}

/** The enrolment URI as a QR code in an SVG document and as a PNG data URL. */
export async function totpQrCode(uri: string): Promise<{ svg: string; dataUrl: string }> {
  const [svg, dataUrl] = await Promise.all([
    QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M' }),
    QRCode.toDataURL(uri, { errorCorrectionLevel: 'M' }),
  ]);
  return { svg, dataUrl };
}

/** Parameters of a TOTP check; `algorithm`/`digits` default to TOTP_SETTINGS. */
export interface TotpCheck {
  secretBase32: string;
  code: string;
  nowMs: number;
  /** Step of the last accepted code for this account, or null if none yet. */
  lastUsedStep: number | null;
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
  digits?: number;
}

/** Returns the time step the code belongs to when it is valid and unused, otherwise null. */
export function verifyTotp(check: TotpCheck): number | null {
  const digits = check.digits ?? TOTP_SETTINGS.digits;
  if (!new RegExp(`^\\d{${digits}}$`).test(check.code)) return null;
  const totp = new TOTP({
    algorithm: check.algorithm ?? TOTP_SETTINGS.algorithm,
    digits,
    period: TOTP_SETTINGS.period,
    secret: Secret.fromBase32(check.secretBase32),
  });
  const delta = totp.validate({ token: check.code, timestamp: check.nowMs, window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = totp.counter({ timestamp: check.nowMs }) + delta;
  if (check.lastUsedStep !== null && step <= check.lastUsedStep) return null;
  return step;
}

/** The code for a given time (tests and the CLI's self-check use it). */
export function totpCodeAt(secretBase32: string, nowMs: number, algorithm: 'SHA1' | 'SHA256' | 'SHA512' = 'SHA1', digits: number = TOTP_SETTINGS.digits): string {
  return new TOTP({ algorithm, digits, period: TOTP_SETTINGS.period, secret: Secret.fromBase32(secretBase32) }).generate({
    timestamp: nowMs,
  });
}
