import { request, type Dispatcher } from 'undici';
import { createDispatcher, proxyOfError, RedirectRefusedError } from '../core/dispatcher.js';
import type { Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';
import { parseErrorBody, ZenmlError, type FailureKind } from './errors.js';
import type { TlsOptions } from './tls.js';

/** When and how often idempotent requests are tried again. Tests inject `sleep` and `random`. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export interface TransportOptions {
  readonly baseUrl: string;
  readonly tls: TlsOptions;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly redactor: Redactor;
}

export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the server URL, e.g. `/api/v1/info`. Segments must already be encoded. */
  readonly path: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly json?: unknown;
  readonly form?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** What this request does, for error messages: `get service account 'ci'`. */
  readonly context: string;
  /** Whether the request may be sent again after a network error, a 5xx or a 429. */
  readonly idempotent: boolean;
  /**
   * Whether a 429 without Retry-After is worth waiting out. Not for logins: ZenML's login limiter counts
   * every attempt in a 60 s window, so quick retries only dig deeper.
   */
  readonly retryBlind429?: boolean;
}

export interface Response {
  readonly status: number;
  readonly body: unknown;
}

const AMBIGUOUS_STATUSES = new Set([500, 502, 503, 504]);
const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** Sends requests to one ZenML server: TLS, proxy, timeout, redirects, retries and error shaping. */
export class Transport {
  readonly #options: TransportOptions;
  readonly #dispatcher: Dispatcher;
  #closed = false;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#dispatcher = createDispatcher({ tls: options.tls, timeoutMs: options.timeoutMs });
  }

  /** Sends one request, retrying idempotent ones, and returns the parsed JSON of a 2xx answer. */
  async send(spec: RequestSpec): Promise<Response> {
    const { retry, logger } = this.#options;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(spec);
      } catch (error) {
        // A request that close() cut off (the run is over) is not worth another attempt.
        if (this.#closed || !(error instanceof ZenmlError) || !spec.idempotent || attempt >= retry.attempts || !isRetryable(error, spec)) throw error;
        const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.min(retry.maxDelayMs, error.retryAfterMs ?? Math.round(backoff * (0.5 + retry.random() / 2)));
        logger.debug(`${spec.context}: ${error.detail}; trying again in ${delay} ms (attempt ${attempt + 1} of ${retry.attempts})`);
        await retry.sleep(delay);
      }
    }
  }

  /** Releases the connection pool. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#dispatcher.destroy();
  }

  async #once(spec: RequestSpec): Promise<Response> {
    const { baseUrl, timeoutMs, redactor } = this.#options;
    if (this.#closed) throw new ZenmlError({ kind: 'network', method: spec.method, url: displayUrl(new URL(baseUrl + spec.path)), detail: 'not sent: the client was closed (the run had ended)', context: spec.context, maybeApplied: false });
    const url = new URL(baseUrl + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    let body: string | undefined;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] = 'application/json';
    } else if (spec.form !== undefined) {
      body = new URLSearchParams(spec.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const fail = (kind: FailureKind, detail: string, extra: Partial<ConstructorParameters<typeof ZenmlError>[0]> = {}) =>
      new ZenmlError({
        kind,
        method: spec.method,
        url: displayUrl(url),
        detail: redactor.redact(detail),
        context: spec.context,
        maybeApplied: false,
        ...extra,
      });

    // One deadline for the request and its same-origin redirects, the answer's body included.
    const signal = AbortSignal.timeout(timeoutMs);
    let statusCode: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const answer = await request(url, { dispatcher: this.#dispatcher, method: spec.method, headers, body: body ?? null, signal });
      ({ statusCode, headers: responseHeaders } = answer);
      text = await answer.body.text();
    } catch (error) {
      throw describeNetworkError(error, signal.aborted, timeoutMs, fail);
    }
    if (statusCode >= 200 && statusCode < 300) {
      return { status: statusCode, body: parseJson(text) };
    }
    // Redact the raw answer first: parsing collapses whitespace and cuts long details, which could leave a part
    // of a secret that no longer matches.
    const parsed = parseErrorBody(statusCode, headerOf(responseHeaders, 'content-type') ?? '', redactor.redact(text));
    const retryAfterMs = parseRetryAfter(headerOf(responseHeaders, 'retry-after'));
    throw fail('http', parsed.detail, {
      status: statusCode,
      maybeApplied: AMBIGUOUS_STATUSES.has(statusCode),
      ...(parsed.exceptionClass ? { exceptionClass: parsed.exceptionClass } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
}

function isRetryable(error: ZenmlError, spec: RequestSpec): boolean {
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  if (error.kind !== 'http') return false;
  if (error.status === 429) return error.retryAfterMs !== undefined || spec.retryBlind429 !== false;
  return (error.status ?? 0) >= 500;
}

type Fail = (kind: FailureKind, detail: string, extra?: { maybeApplied?: boolean; code?: string; status?: number }) => ZenmlError;

/** One header's value (the first, if repeated). */
function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function describeNetworkError(error: unknown, timedOut: boolean, timeoutMs: number, fail: Fail): ZenmlError {
  if (error instanceof RedirectRefusedError) {
    return fail('redirect', error.message.replace('set the URL', 'set server-url (ZENML_STORE_URL)'), { code: error.code });
  }
  if (timedOut) {
    return fail('timeout', `no answer within ${timeoutMs / 1000} s (the server may still have acted on it)`, { maybeApplied: true });
  }
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code ?? 'ERROR';
  const message = err.cause?.message ?? err.message ?? String(error);
  if (/EPROTO|WRONG_VERSION/.test(code) && /wrong version number|packet length too long|http request/i.test(message)) {
    // OpenSSL's words for a TLS handshake answered in plain HTTP: an https:// URL to an http:// port.
    return fail('tls', 'the server answered in plain HTTP, not TLS: if it serves http://, use an http:// URL (loopback only, or with insecure HTTP allowed)', { code });
  }
  if (TLS_CODES.test(code) || /certificate/i.test(message)) {
    return fail(
      'tls',
      `the server's TLS certificate was not accepted (${code}: ${message}); if it is signed by a private CA, give that CA as ZENML_STORE_VERIFY_SSL (a file path or the PEM text)`,
      { code },
    );
  }
  const proxy = proxyOfError(error, process.env);
  if (proxy && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|UND_ERR_SOCKET)$/.test(code)) {
    return fail('network', `could not reach the proxy ${proxy.url} (${proxy.variable}): ${code}; is the proxy running, or should NO_PROXY name this server?`, { code });
  }
  if (code === 'ECONNREFUSED') return fail('network', 'connection refused: is the server running at this address?', { code });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('network', `the host name does not resolve (${code})`, { code });
  // The request may have reached the server before the connection broke.
  return fail('network', `the connection failed (${code}: ${message})`, { code, maybeApplied: true });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `Retry-After` as milliseconds: seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The URL as it may appear in a message: no credentials, no query. */
function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
