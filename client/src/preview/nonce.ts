import { randomBytes } from 'node:crypto';

/** A fresh CSP nonce: 128 random bits, base64 (the CSP grammar allows base64 and base64url). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}
