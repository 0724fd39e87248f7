import type { Agent as HttpAgent, IncomingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Logger } from '../core/logger.js';
import { agentProxyEnv } from '../core/proxy.js';
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

const MAX_REDIRECTS = 5;
const AMBIGUOUS_STATUSES = new Set([500, 502, 503, 504]);
const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * Sends requests to one ZenML server: TLS, proxy, timeout, redirects, retries and error shaping.
 *
 * Node's own http/https modules, not undici from npm: they are part of the node binary, so a run pays
 * ~10 ms to load them instead of ~85 ms to parse undici (docs/PERFORMANCE.md). Node ≥ 24.5 agents read
 * HTTP(S)_PROXY/NO_PROXY themselves (`proxyEnv`).
 */
export class Transport {
  readonly #options: TransportOptions;
  readonly #agents = new Map<string, Promise<HttpAgent | HttpsAgent>>();
  readonly #proxyEnv: NodeJS.ProcessEnv | undefined;

  constructor(options: TransportOptions) {
    this.#options = options;
    // HTTP(S)_PROXY/NO_PROXY are read here, when a client is made, never at import.
    this.#proxyEnv = agentProxyEnv();
  }

  /** Sends one request, retrying idempotent ones, and returns the parsed JSON of a 2xx answer. */
  async send(spec: RequestSpec): Promise<Response> {
    const { retry, logger } = this.#options;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(spec);
      } catch (error) {
        if (!(error instanceof ZenmlError) || !spec.idempotent || attempt >= retry.attempts || !isRetryable(error, spec)) throw error;
        const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.min(retry.maxDelayMs, error.retryAfterMs ?? Math.round(backoff * (0.5 + retry.random() / 2)));
        logger.debug(`${spec.context}: ${error.detail}; trying again in ${delay} ms (attempt ${attempt + 1} of ${retry.attempts})`);
        await retry.sleep(delay);
      }
    }
  }

  /** Releases the connection pool. */
  async close(): Promise<void> {
    for (const agent of this.#agents.values()) (await agent).destroy();
    this.#agents.clear();
  }

  /** One keep-alive agent per scheme, made on first use; the proxy variables are read then, never at import. */
  #agent(protocol: string): Promise<HttpAgent | HttpsAgent> {
    let agent = this.#agents.get(protocol);
    if (!agent) {
      const { tls } = this.#options;
      const common = { keepAlive: true, ...(this.#proxyEnv ? { proxyEnv: this.#proxyEnv } : {}) };
      agent =
        protocol === 'https:'
          ? import('node:https').then(({ Agent }) => new Agent({ ...common, rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? { ca: tls.ca } : {}) }))
          : import('node:http').then(({ Agent }) => new Agent(common));
      this.#agents.set(protocol, agent);
    }
    return agent;
  }

  /** One request and its whole answer, within the signal's time. */
  async #exchange(url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<Answer> {
    const agent = await this.#agent(url.protocol);
    const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const sent = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    return new Promise<Answer>((resolve, reject) => {
      const req = request(url, { method, headers: sent, agent, signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async #once(spec: RequestSpec): Promise<Response> {
    const { baseUrl, timeoutMs, redactor } = this.#options;
    let url = new URL(baseUrl + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    let method: string = spec.method;
    let headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
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

    for (let hop = 0; ; hop++) {
      const signal = AbortSignal.timeout(timeoutMs);
      let answer: Answer;
      try {
        answer = await this.#exchange(url, method, headers, body, signal);
      } catch (error) {
        throw describeNetworkError(error, signal.aborted, timeoutMs, fail);
      }
      const { status: statusCode, headers: responseHeaders, text } = answer;
      const location = header(responseHeaders, 'location');
      if (statusCode >= 300 && statusCode < 400 && location && hop < MAX_REDIRECTS) {
        const next = new URL(location, url);
        if (next.origin !== url.origin) {
          // Credentials are for the server the user named, never for wherever it points us.
          headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^(authorization|x-csrf-token|cookie)$/i.test(name)));
        }
        if (statusCode === 303 || ((statusCode === 301 || statusCode === 302) && method !== 'GET')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        url = next;
        continue;
      }
      if (statusCode >= 200 && statusCode < 300) {
        return { status: statusCode, body: parseJson(text) };
      }
      const parsed = parseErrorBody(statusCode, header(responseHeaders, 'content-type') ?? '', text);
      const retryAfterMs = parseRetryAfter(header(responseHeaders, 'retry-after'));
      throw fail('http', parsed.detail, {
        status: statusCode,
        maybeApplied: AMBIGUOUS_STATUSES.has(statusCode),
        ...(parsed.exceptionClass ? { exceptionClass: parsed.exceptionClass } : {}),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
  }
}

function isRetryable(error: ZenmlError, spec: RequestSpec): boolean {
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  if (error.kind !== 'http') return false;
  if (error.status === 429) return error.retryAfterMs !== undefined || spec.retryBlind429 !== false;
  return (error.status ?? 0) >= 500;
}

type Fail = (kind: FailureKind, detail: string, extra?: { maybeApplied?: boolean; code?: string }) => ZenmlError;

function describeNetworkError(error: unknown, timedOut: boolean, timeoutMs: number, fail: Fail): ZenmlError {
  if (timedOut) {
    return fail('timeout', `no answer within ${timeoutMs / 1000} s (the server may still have acted on it)`, { maybeApplied: true });
  }
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code ?? 'ERROR';
  const message = err.cause?.message ?? err.message ?? String(error);
  if (TLS_CODES.test(code) || /certificate/i.test(message)) {
    return fail(
      'tls',
      `the server's TLS certificate was not accepted (${code}: ${message}); if it is signed by a private CA, give that CA as ZENML_STORE_VERIFY_SSL (a file path or the PEM text)`,
      { code },
    );
  }
  if (code === 'ECONNREFUSED') return fail('network', 'connection refused: is the server running at this address?', { code });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('network', `the host name does not resolve (${code})`, { code });
  // The request may have reached the server before the connection broke.
  return fail('network', `the connection failed (${code}: ${message})`, { code, maybeApplied: true });
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
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
