import { InputError } from '../core/errors.js';

export const API_KEY_PREFIX = 'ZENKEY_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a `ZENKEY_` key says about itself: the id of the API key record (stable across rotations). */
export interface DecodedApiKey {
  readonly keyId: string;
}

/** True when the text has the shape of a UUID (ZenML then always treats it as an id, never a name). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * Decodes a ZenML API key locally (`ZENKEY_` + base64 of `{"id": …, "key": …}`) to learn its key id,
 * and rejects a malformed key before any request. The error never quotes the key.
 */
export function decodeApiKey(key: string, input = 'api-key'): DecodedApiKey {
  if (!key.startsWith(API_KEY_PREFIX)) {
    throw new InputError(input, `not a ZenML API key: it must start with ${API_KEY_PREFIX}`);
  }
  const body = key.slice(API_KEY_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) {
    throw new InputError(input, `not a ZenML API key: the part after ${API_KEY_PREFIX} is not base64 (was it cut or re-wrapped?)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  } catch {
    throw new InputError(input, 'not a ZenML API key: its content is not the JSON ZenML writes');
  }
  const { id, key: secret } = (parsed ?? {}) as { id?: unknown; key?: unknown };
  if (typeof id !== 'string' || !isUuid(id) || typeof secret !== 'string' || secret === '') {
    throw new InputError(input, 'not a ZenML API key: it lacks the key id or the secret');
  }
  return { keyId: id.toLowerCase() };
}

/** Every form of the key that could be printed or sent: the key, its base64 body and the decoded secret. */
export function apiKeyForms(key: string): string[] {
  const forms = [key];
  if (key.startsWith(API_KEY_PREFIX)) {
    const body = key.slice(API_KEY_PREFIX.length);
    forms.push(body);
    try {
      const { key: secret } = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { key?: unknown };
      if (typeof secret === 'string' && secret.length >= 16) forms.push(secret);
    } catch {
      // not decodable: the key itself is all there is to hide
    }
  }
  return forms;
}
