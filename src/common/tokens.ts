import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random URL-safe token; 32 bytes give 256 bits. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function sha256(text: string): string {
  return sha256Digest(text).toString('hex');
}

/** Compares two secrets in constant time (hashing first makes the lengths equal). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256Digest(a), sha256Digest(b));
}
