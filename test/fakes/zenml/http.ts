/** Replies, request context and form parsing (request validation is in validation.ts and fields.ts). */
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
