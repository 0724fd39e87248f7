import { withoutRepeatedStatus } from '../core/message.js';

/** How a request to the ZenML server failed: an HTTP answer, no connection, or no answer in time. */
export type FailureKind = 'http' | 'network' | 'tls' | 'timeout' | 'redirect';

export interface ZenmlErrorFields {
  readonly kind: FailureKind;
  readonly method: string;
  /** The request URL with credentials and query removed. */
  readonly url: string;
  readonly status?: number;
  /** The server's exception class (`KeyError`, `EntityExistsError`, …) when its body named one. */
  readonly exceptionClass?: string;
  /** The server's own message, or what went wrong on the way; one line, never a secret. */
  readonly detail: string;
  /** What we were doing, e.g. `rotate API key 'ci' of service account 'deployer'`. */
  readonly context: string;
  /** True when the server may have applied the request although we saw no answer (timeout, reset, 5xx). */
  readonly maybeApplied: boolean;
  readonly retryAfterMs?: number;
  readonly code?: string;
}

/** Any failure talking to the ZenML server, with the status, the server's message and what we were doing. */
export class ZenmlError extends Error {
  override readonly name = 'ZenmlError';
  readonly kind: FailureKind;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly exceptionClass: string | undefined;
  readonly detail: string;
  readonly context: string;
  readonly maybeApplied: boolean;
  readonly retryAfterMs: number | undefined;
  readonly code: string | undefined;

  constructor(fields: ZenmlErrorFields) {
    super(formatMessage(fields));
    this.kind = fields.kind;
    this.method = fields.method;
    this.url = fields.url;
    this.status = fields.status;
    this.exceptionClass = fields.exceptionClass;
    this.detail = fields.detail;
    this.context = fields.context;
    this.maybeApplied = fields.maybeApplied;
    this.retryAfterMs = fields.retryAfterMs;
    this.code = fields.code;
  }

  /** The same failure, described as part of a larger step (`context`). */
  within(context: string): ZenmlError {
    return new ZenmlError({ ...this.fields(), context });
  }

  /** The fields this error was made from. */
  fields(): ZenmlErrorFields {
    return {
      kind: this.kind,
      method: this.method,
      url: this.url,
      detail: this.detail,
      context: this.context,
      maybeApplied: this.maybeApplied,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.exceptionClass === undefined ? {} : { exceptionClass: this.exceptionClass }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.code === undefined ? {} : { code: this.code }),
    };
  }
}

/**
 * The server has no API key of that name in the account (a 404). The message lists the keys the account
 * does have, since the usual cause is a name that differs from the one ZenML or this action gave the key.
 */
export class MissingApiKeyError extends ZenmlError {
  /** The names of the account's keys, as listed right after the 404. */
  readonly keyNames: readonly string[];
  readonly account: string;
  readonly key: string;

  constructor(cause: ZenmlError, account: string, key: string, keyNames: readonly string[]) {
    super(cause.fields());
    this.account = account;
    this.key = key;
    this.keyNames = keyNames;
    const has = keyNames.length > 0 ? `Its keys: ${keyNames.map((n) => `'${n}'`).join(', ')}.` : 'It has no API keys.';
    this.message = `service account '${account}' has no API key '${key}'. ${has}`;
  }
}

function formatMessage(f: ZenmlErrorFields): string {
  const where = `(${f.method} ${f.url})`;
  if (f.kind !== 'http') return `${f.context}: ${f.detail} ${where}`;
  const cls = f.exceptionClass ? `${f.exceptionClass}: ` : '';
  const detail = f.status === undefined ? f.detail : withoutRepeatedStatus(f.status, f.detail);
  return `${f.context}: ZenML answered ${f.status} ${cls}${detail} ${where}`;
}

/** The message and exception class the server put in an error body, whichever of its shapes it used. */
export interface ParsedErrorBody {
  readonly exceptionClass?: string;
  readonly detail: string;
}

const MAX_DETAIL = 400;

/**
 * Reads a ZenML error body: `{"detail": [cls, msg]}`, `{"detail": "msg"}`, a bare `[cls, msg]` (422),
 * FastAPI validation lists, OAuth `{error, error_description}`, and HTML or empty bodies from proxies.
 */
export function parseErrorBody(status: number, contentType: string, text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'null') return { detail: `an empty answer (HTTP ${status})` };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { detail: describeNonJson(contentType, trimmed) };
  }
  const shaped = fromJson(json);
  return shaped ?? { detail: oneLine(trimmed) };
}

function fromJson(json: unknown): ParsedErrorBody | undefined {
  if (Array.isArray(json)) return fromArray(json);
  if (json === null || typeof json !== 'object') return typeof json === 'string' ? { detail: oneLine(json) } : undefined;
  const body = json as Record<string, unknown>;
  const detail = body['detail'];
  if (typeof detail === 'string') return { detail: oneLine(detail) };
  if (Array.isArray(detail)) return fromArray(detail);
  if (typeof body['error'] === 'string') {
    const description = typeof body['error_description'] === 'string' ? body['error_description'] : body['error'];
    return { exceptionClass: body['error'], detail: oneLine(description) };
  }
  if (typeof body['message'] === 'string') return { detail: oneLine(body['message']) };
  return undefined;
}

function fromArray(items: unknown[]): ParsedErrorBody | undefined {
  if (items.length > 0 && items.every((item) => typeof item === 'string')) {
    const [first, ...rest] = items as string[];
    if (rest.length === 0) return { detail: oneLine(unquote(first ?? '')) };
    return { exceptionClass: first ?? '', detail: oneLine(rest.map(unquote).join(': ')) };
  }
  const messages = items
    .filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object')
    .map((item) => {
      const loc = Array.isArray(item['loc']) ? item['loc'].join('.') : '';
      const msg = typeof item['msg'] === 'string' ? item['msg'] : JSON.stringify(item);
      return loc ? `${loc}: ${msg}` : msg;
    });
  return messages.length > 0 ? { exceptionClass: 'ValidationError', detail: oneLine(messages.join('; ')) } : undefined;
}

/** Python's KeyError wraps its message in quotes: `"\"No service account …\""`. */
function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

function describeNonJson(contentType: string, text: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h1>([^<]*)<\/h1>/i.exec(text)?.[1];
  const kind = contentType.includes('html') || /^<(!doctype|html)/i.test(text) ? 'an HTML page' : 'a non-JSON answer';
  const what = title ? `: "${oneLine(title)}"` : '';
  return `${kind}${what}, not ZenML's JSON (a proxy or load balancer in front of the server?)`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}
