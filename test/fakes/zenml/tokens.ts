/** HS256 JWTs and ZENKEY_ API key strings, as ZenML makes them (0.58's spaced key JSON, or the compact one of 0.74 on). */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseUuid } from './ids.ts';

export const API_KEY_PREFIX = 'ZENKEY_';

/** The claims the fake puts into (and reads from) an access token. */
export interface TokenClaims {
  sub: string;
  iss: string;
  aud: string;
  exp?: number;
  api_key_id?: string;
  key_gen?: number;
  session_id?: string;
  iat?: number;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

// PyJWT writes its header with this exact key order and spacing-free JSON.
const JWT_HEADER = base64url('{"alg":"HS256","typ":"JWT"}');

/** Signs claims as a compact HS256 JWT (claims serialised in their insertion order). */
export function signJwt(claims: TokenClaims, secret: Buffer): string {
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${JWT_HEADER}.${payload}`).digest('base64url');
  return `${JWT_HEADER}.${payload}.${signature}`;
}

/** A verified token's claims, or PyJWT's reason for refusing it (the server puts that into its 401). */
export type JwtCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

/**
 * Verifies signature, issuer, audience and expiry (10 s leeway, like ZenML) like PyJWT, whose messages 0.74 quotes
 * ([T74] §4 recorded "Not enough segments" and "Signature verification failed"; the others are PyJWT's texts).
 */
export function checkJwt(token: string, secret: Buffer, serverId: string, nowSeconds: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'Not enough segments' };
  const [header, payload, signature] = parts as [string, string, string];
  let c: Record<string, unknown>;
  try {
    const head: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    if (typeof head !== 'object' || head === null || (head as { alg?: unknown }).alg !== 'HS256') {
      return { ok: false, reason: 'The specified alg value is not allowed' };
    }
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'Signature verification failed' };
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return { ok: false, reason: 'Invalid payload string: must be a json object' };
    c = claims as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'Invalid header string' };
  }
  if (typeof c['exp'] === 'number' && c['exp'] + 10 < nowSeconds) return { ok: false, reason: 'Signature has expired' };
  const aud = c['aud'];
  if (!(aud === serverId || (Array.isArray(aud) && aud.includes(serverId)))) return { ok: false, reason: "Audience doesn't match" };
  if (c['iss'] !== serverId) return { ok: false, reason: 'Invalid issuer' };
  if (typeof c['sub'] !== 'string') return { ok: false, reason: 'missing subject' };
  return { ok: true, claims: c as unknown as TokenClaims };
}

/** The claims of a valid token of this server, or null. */
export function verifyJwt(token: string, secret: Buffer, serverId: string, nowSeconds: number): TokenClaims | null {
  const check = checkJwt(token, secret, serverId, nowSeconds);
  return check.ok ? check.claims : null;
}

/** Returns 32 random bytes as 64 lower-case hex characters (Python's `secrets.token_hex(32)`). */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/** Hashes a key secret for storage (the real server uses bcrypt; sha256 keeps the fake fast). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a secret with a stored hash in constant time. */
export function secretMatches(secret: string, hash: string | null): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  // Always compare something, as the real server runs both bcrypt checks to not leak timing.
  const stored = Buffer.from(hash ?? '0'.repeat(64), 'hex');
  return timingSafeEqual(given, stored) && hash !== null;
}

/**
 * Encodes an API key: `ZENKEY_` + standard base64 of `{"id": ..., "key": ...}`, pydantic v1 spacing
 * (0.58, 171 characters) or compact pydantic v2 JSON (0.74 on, 167 characters).
 */
export function encodeApiKey(id: string, secret: string, compact: boolean): string {
  const json = compact
    ? JSON.stringify({ id, key: secret })
    : `{"id": ${JSON.stringify(id)}, "key": ${JSON.stringify(secret)}}`;
  return API_KEY_PREFIX + Buffer.from(json, 'utf8').toString('base64');
}

/**
 * Decodes an API key string as leniently as 0.58 does: optional prefix, non-strict base64 (stray
 * characters dropped, padding required), any JSON layout; returns null where the server says
 * "error decoding API key".
 */
export function decodeApiKey(value: string): { id: string; secret: string } | null {
  const body = value.startsWith(API_KEY_PREFIX) ? value.slice(API_KEY_PREFIX.length) : value;
  const firstPad = body.indexOf('=');
  const data = (firstPad < 0 ? body : body.slice(0, firstPad)).replace(/[^A-Za-z0-9+/]/g, '');
  const pads = firstPad < 0 ? 0 : body.slice(firstPad).replace(/[^=]/g, '').length;
  const rest = data.length % 4;
  if (rest === 1 || (rest === 2 && pads < 2) || (rest === 3 && pads < 1)) return null;
  let parsed: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(data, 'base64'));
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { id, key } = parsed as Record<string, unknown>;
  const uuid = typeof id === 'string' ? parseUuid(id) : null;
  // pydantic v1 coerces numbers to str, so a numeric "key" still decodes (and then fails to verify).
  const secret = typeof key === 'string' ? key : typeof key === 'number' ? String(key) : null;
  if (uuid === null || secret === null) return null;
  return { id: uuid, secret };
}
