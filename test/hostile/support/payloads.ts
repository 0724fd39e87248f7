/**
 * What a hostile server says: workflow commands hidden in values, and the request echoed back in every encoding.
 * The tests' own view of "every form of a secret" lives here too, written independently of src/ so that a
 * redaction bug in src/ cannot hide itself from the check.
 */
import type { Exchange } from './liar.ts';

/** Marks text the attacker wrote, so that a check can tell an injected command from one we issued. */
export const MARK = 'PWNED';

/**
 * Workflow commands an attacker would hide in a value, each after a line break (and one after spaces, which the
 * runner also accepts: it trims a line before looking for `::`). `stateId` is what a steered post step would delete.
 */
export function injections(stateId = '00000000-0000-4000-8000-000000000000'): Record<string, string> {
  return {
    'set-output': `\n::set-output name=api-key::${MARK}`,
    'save-state': `\n::save-state name=ephemeral-key-id::${stateId}`,
    'stop-commands': `\n::stop-commands::${MARK}\n::error::${MARK} after stop-commands`,
    'add-mask': `\n::add-mask::${MARK}`,
    'indented': `\r\n   ::warning::${MARK} indented`,
    'file-command': `\n::set-env name=${MARK}::${MARK}`,
  };
}

/** All of `injections()` in one value: a name (or id, date, detail) that tries every command at once. */
export function injected(prefix: string, stateId?: string): string {
  return prefix + Object.values(injections(stateId)).join('');
}

/** Markdown and HTML that must not render in a job summary. */
export const MARKDOWN = `[click](https://evil.example/${MARK}) ![img](https://evil.example/${MARK}.png) <img src=x onerror=alert(1)> <b>${MARK}</b> | col`;

/**
 * The forms a server could echo a secret in: for the value (and a key's base64 body and inner secret), raw,
 * encodeURIComponent and form-urlencoded.
 */
export function everyForm(secret: string): string[] {
  const parts = [secret];
  if (secret.startsWith('ZENKEY_')) {
    const body = secret.slice(7);
    parts.push(body);
    try {
      const inner = (JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { key?: unknown }).key;
      if (typeof inner === 'string') parts.push(inner);
    } catch {
      // a malformed key: its text is all there is
    }
  }
  const forms = new Set(parts.flatMap((part) => [part, encodeURIComponent(part), formEncode(part)]));
  return [...forms].filter((form) => form.length >= 4);
}

/** `application/x-www-form-urlencoded` as browsers and URLSearchParams write it (+ for space, !'()~ escaped). */
export function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}

/** Values a request carries: the body, each form or JSON field, each header (and a bearer token alone). */
function requestValues(exchange: Exchange): string[] {
  const values = [exchange.body];
  try {
    for (const [, v] of new URLSearchParams(exchange.body)) values.push(v);
  } catch {
    // not a form
  }
  try {
    const json = JSON.parse(exchange.body) as unknown;
    if (json && typeof json === 'object') for (const v of Object.values(json)) if (typeof v === 'string') values.push(v);
  } catch {
    // not JSON
  }
  for (const [name, value] of Object.entries(exchange.headers)) {
    values.push(`${name}: ${value}`, value);
    const bearer = /^Bearer (.+)$/i.exec(value);
    if (bearer) values.push(bearer[1]!);
  }
  return values.filter((v) => v.length > 0);
}

/**
 * An error detail that echoes the request back in every encoding: what a debugging proxy or a careless server does.
 * Each form stands on a line of its own after `prefix` (padding that pushes a form across a cut made by truncation).
 */
export function echoDetail(exchange: Exchange, prefix: string): string {
  const parts: string[] = [];
  for (const value of requestValues(exchange)) for (const form of everyForm(value)) parts.push(form);
  return `${prefix}you sent:\n${parts.join('\n\t ')}`;
}

/**
 * Replaces every string found under one of `fields` (at any depth) with `text(old)`: injects into names,
 * descriptions, ids and dates of a ZenML answer.
 */
export function rewriteFields(json: unknown, fields: readonly string[], text: (old: string) => string): unknown {
  if (Array.isArray(json)) return json.map((item) => rewriteFields(item, fields, text));
  if (json === null || typeof json !== 'object') return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    out[key] = fields.includes(key) && typeof value === 'string' ? text(value) : rewriteFields(value, fields, text);
  }
  return out;
}
