/** Replies, request context, form and JSON body parsing, and pydantic-v1-style validation errors. */
import type { IncomingHttpHeaders } from 'node:http';

/** One answer: status, raw body text, content type and extra headers. */
export interface Reply {
  status: number;
  body: string;
  contentType: string;
  headers: Record<string, string | string[]>;
}

/** Builds a JSON reply (FastAPI's compact separators). */
export function json(status: number, value: unknown, headers: Record<string, string | string[]> = {}): Reply {
  return { status, body: JSON.stringify(value), contentType: 'application/json', headers };
}

/** Builds a ZenML exception reply: `{"detail": [class, message]}`. */
export function zenError(status: number, exceptionClass: string, message: string): Reply {
  return json(status, { detail: [exceptionClass, message] });
}

/** Python's `str(KeyError(msg))` wraps the message in double quotes; ZenML sends that text. */
export function keyError(message: string): Reply {
  return zenError(404, 'KeyError', `"${message}"`);
}

/** Thrown by handlers to answer early with a prepared reply. */
export class ReplyError extends Error {
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(`HTTP ${reply.status}`);
    this.reply = reply;
  }
}

/** What a route handler sees of a request. */
export interface RequestContext {
  method: string;
  /** Percent-decoded path, as Starlette matches routes. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  clientAddress: string;
}

/** Returns the single value of a header, or undefined. */
export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function unquotePlus(text: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(text.replaceAll('+', ' '), 'utf8');
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i] as number;
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    // Python's unquote leaves malformed escapes as they are instead of failing.
    if (byte === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(byte);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parses an `application/x-www-form-urlencoded` body like python-multipart: fields split on `&`,
 * name and value split on the FIRST `=` (so an unencoded `==` padding survives), `+` and `%XX`
 * decoded; the last of repeated fields wins. Other content types give no fields, as on the server.
 */
export function parseForm(ctx: RequestContext): Map<string, string> {
  const fields = new Map<string, string>();
  const type = (header(ctx, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return fields;
  for (const part of ctx.body.toString('utf8').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    fields.set(unquotePlus(name), unquotePlus(value));
  }
  return fields;
}

/** A pydantic v1 error: location, message, type and optional context (`limit_value=255`). */
export interface FieldError {
  loc: string[];
  msg: string;
  type: string;
  ctx?: string;
}

/** The 0.58 (and 0.74) handler for request validation: a BARE array, no `detail` wrapper. */
export function validationReply(errors: FieldError[]): Reply {
  const count = errors.length;
  const lines = errors.map((e) => `${e.loc.join(' -> ')}\n  ${e.msg} (type=${e.type}${e.ctx ? `; ${e.ctx}` : ''})`);
  return json(422, ['ValueError', `${count} validation error${count === 1 ? '' : 's'} for Request\n${lines.join('\n')}`]);
}

/** FastAPI's own 422 shape, used for query-filter models: `{"detail": [{loc, msg, type}]}`. */
export function queryValidationReply(errors: FieldError[]): Reply {
  return json(422, { detail: errors.map((e) => ({ loc: e.loc, msg: e.msg, type: e.type })) });
}

/** The outcome of reading a JSON body the way FastAPI 0.92 does. */
export type JsonBody =
  | { kind: 'object'; value: Record<string, unknown> }
  | { kind: 'missing' }
  | { kind: 'not-dict' };

/**
 * Reads a JSON body: empty is "field required"; a body is JSON-decoded only without a content
 * type or with `application/json` / `application/*+json` (otherwise it stays bytes, which is "not a
 * valid dict"); undecodable JSON throws a 422 at once, before authentication, as FastAPI does.
 */
export function readJsonBody(ctx: RequestContext): JsonBody {
  if (ctx.body.length === 0) return { kind: 'missing' };
  const type = (header(ctx, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const [main, sub = ''] = type.split('/');
  const isJson = type === '' || (main === 'application' && (sub === 'json' || sub.endsWith('+json')));
  if (!isJson) return { kind: 'not-dict' };
  const text = ctx.body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Python's json message differs in detail; the shape and location are what clients parse.
    const msg = error instanceof Error ? error.message : 'Expecting value';
    throw new ReplyError(validationReply([{ loc: ['body', '0'], msg, type: 'value_error.jsondecode' }]));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'not-dict' };
  return { kind: 'object', value: value as Record<string, unknown> };
}

/** Adds the body-level error for a missing or non-object body; returns the fields otherwise. */
export function bodyFields(body: JsonBody, errors: FieldError[]): Record<string, unknown> | null {
  if (body.kind === 'object') return body.value;
  errors.push(
    body.kind === 'missing'
      ? { loc: ['body'], msg: 'field required', type: 'value_error.missing' }
      : { loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' },
  );
  return null;
}

interface FieldRule {
  required?: boolean;
  maxLength?: number;
}

/** Validates an optional/required str field like pydantic v1 (numbers coerce, null means absent if optional). */
export function strField(
  fields: Record<string, unknown>,
  name: string,
  errors: FieldError[],
  rule: FieldRule = {},
): string | null | undefined {
  const loc = ['body', name];
  if (!(name in fields)) {
    if (rule.required) errors.push({ loc, msg: 'field required', type: 'value_error.missing' });
    return undefined;
  }
  const raw = fields[name];
  if (raw === null) {
    if (rule.required) errors.push({ loc, msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' });
    return null;
  }
  let value: string;
  if (typeof raw === 'string') value = raw;
  else if (typeof raw === 'number') value = String(raw);
  else if (typeof raw === 'boolean') value = raw ? 'True' : 'False';
  else {
    errors.push({ loc, msg: 'str type expected', type: 'type_error.str' });
    return undefined;
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    errors.push({
      loc,
      msg: `ensure this value has at most ${rule.maxLength} characters`,
      type: 'value_error.any_str.max_length',
      ctx: `limit_value=${rule.maxLength}`,
    });
    return undefined;
  }
  return value;
}

const BOOL_TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const BOOL_FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** Parses a boolean like pydantic v1 (`true`, `1`, `"yes"`, `"off"`, ...); undefined when invalid. */
export function parseBool(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw === 'string') {
    const text = raw.toLowerCase();
    if (BOOL_TRUE.has(text)) return true;
    if (BOOL_FALSE.has(text)) return false;
  }
  return undefined;
}

/** Validates a bool field; null stays null (the caller decides what null means). */
export function boolField(
  fields: Record<string, unknown>,
  name: string,
  errors: FieldError[],
  rule: FieldRule = {},
): boolean | null | undefined {
  const loc = ['body', name];
  if (!(name in fields)) {
    if (rule.required) errors.push({ loc, msg: 'field required', type: 'value_error.missing' });
    return undefined;
  }
  const raw = fields[name];
  if (raw === null) {
    if (rule.required) errors.push({ loc, msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' });
    return null;
  }
  const value = parseBool(raw);
  if (value === undefined) errors.push({ loc, msg: 'value could not be parsed to a boolean', type: 'type_error.bool' });
  return value;
}

/** Validates an int field like pydantic v1 (`int(v)`: floats truncate, numeric strings parse). */
export function intField(
  fields: Record<string, unknown>,
  name: string,
  errors: FieldError[],
): number | undefined {
  const loc = ['body', name];
  if (!(name in fields)) return undefined;
  const raw = fields[name];
  if (raw === null) {
    errors.push({ loc, msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' });
    return undefined;
  }
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'number' && Number.isFinite(raw)) return Math.trunc(raw);
  if (typeof raw === 'string' && /^\s*[-+]?\d+\s*$/.test(raw.replaceAll('_', ''))) return Number.parseInt(raw.trim(), 10);
  errors.push({ loc, msg: 'value is not a valid integer', type: 'type_error.integer' });
  return undefined;
}
