import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret } from 'otpauth';
import { generateTotpSecret, totpCodeAt, totpQrCode, totpUri, verifyTotp } from './totp.js';

// RFC 6238 Appendix B: the seeds are the ASCII digits "1234567890" repeated to 20, 32 and 64 bytes.
const SEEDS = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
} as const;
const VECTORS: Array<[number, string, keyof typeof SEEDS]> = [
  [59, '94287082', 'SHA1'],
  [59, '46119246', 'SHA256'],
  [59, '90693936', 'SHA512'],
  [1111111109, '07081804', 'SHA1'],
  [1111111109, '68084774', 'SHA256'],
  [1111111109, '25091201', 'SHA512'],
  [1111111111, '14050471', 'SHA1'],
  [1111111111, '67062674', 'SHA256'],
  [1111111111, '99943326', 'SHA512'],
  [1234567890, '89005924', 'SHA1'],
  [1234567890, '91819424', 'SHA256'],
  [1234567890, '93441116', 'SHA512'],
  [2000000000, '69279037', 'SHA1'],
  [2000000000, '90698825', 'SHA256'],
  [2000000000, '38618901', 'SHA512'],
  [20000000000, '65353130', 'SHA1'],
  [20000000000, '77737706', 'SHA256'],
  [20000000000, '47863826', 'SHA512'],
];

test('the 18 RFC 6238 Appendix B vectors (8 digits, SHA1/SHA256/SHA512)', () => {
  assert.equal(VECTORS.length, 18);
  for (const [seconds, expected, algorithm] of VECTORS) {
    const secret = Secret.fromUTF8(SEEDS[algorithm]).base32;
    const nowMs = seconds * 1000;
    assert.equal(totpCodeAt(secret, nowMs, algorithm, 8), expected, `${algorithm} @ ${seconds}`);
    const step = verifyTotp({ secretBase32: secret, code: expected, nowMs, lastUsedStep: null, algorithm, digits: 8 });
    assert.equal(step, Math.floor(seconds / 30), `${algorithm} @ ${seconds} verifies at its step`);
  }
});

test('a code is accepted within ±1 step and refused beyond', () => {
  const secret = generateTotpSecret();
  const now = 1_700_000_000_000;
  const code = totpCodeAt(secret, now);
  assert.notEqual(verifyTotp({ secretBase32: secret, code, nowMs: now + 30_000, lastUsedStep: null }), null);
  assert.notEqual(verifyTotp({ secretBase32: secret, code, nowMs: now - 30_000, lastUsedStep: null }), null);
  const farCode = totpCodeAt(secret, now + 90_000);
  assert.equal(verifyTotp({ secretBase32: secret, code: farCode, nowMs: now, lastUsedStep: null }), null);
  assert.equal(verifyTotp({ secretBase32: secret, code: 'abcdef', nowMs: now, lastUsedStep: null }), null);
  assert.equal(verifyTotp({ secretBase32: secret, code: '1234567', nowMs: now, lastUsedStep: null }), null);
});

test('a used code, or an earlier one, is refused (reuse protection via last used step)', () => {
  const secret = generateTotpSecret();
  const now = 1_700_000_000_000;
  const code = totpCodeAt(secret, now);
  const step = verifyTotp({ secretBase32: secret, code, nowMs: now, lastUsedStep: null });
  assert.ok(step !== null);
  assert.equal(verifyTotp({ secretBase32: secret, code, nowMs: now, lastUsedStep: step }), null, 'same code again');
  const previous = totpCodeAt(secret, now - 30_000);
  assert.equal(verifyTotp({ secretBase32: secret, code: previous, nowMs: now, lastUsedStep: step }), null, 'older code');
  const next = totpCodeAt(secret, now + 30_000);
  assert.equal(verifyTotp({ secretBase32: secret, code: next, nowMs: now + 30_000, lastUsedStep: step }), step + 1);
});

test('enrolment URI and QR code', async () => {
  const secret = generateTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const uri = totpUri(secret, 'ann@example.com', 'Kestrel');
  assert.match(uri, /^otpauth:\/\/totp\/Kestrel:ann%40example\.com\?/);
  assert.ok(uri.includes(`secret=${secret}`));
  const qr = await totpQrCode(uri);
  assert.match(qr.svg, /^<svg /);
  assert.match(qr.dataUrl, /^data:image\/png;base64,/);
});
