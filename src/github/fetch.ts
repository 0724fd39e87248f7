import type { HttpClient, HttpRequest } from '../core/http.js';

/** The part of a fetch Response that Octokit reads (@octokit/request's fetch-wrapper). */
export interface OctokitResponse {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: null;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type OctokitFetch = (input: string | URL, init?: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal | null }) => Promise<OctokitResponse>;

/** How long one request may take, as Node's fetch allowed (undici's five-minute header and body timeouts). */
const TIMEOUT_MS = 300_000;

/**
 * A fetch for Octokit's `request.fetch` over Node's http/https (see src/core/http.ts for why not global
 * fetch). Redirects are followed as fetch follows them; a request that gets no answer (or none within five
 * minutes) rejects with a TypeError whose `cause` is Node's error, as fetch does, which Octokit turns into
 * a status-500 error that its retry plugin retries.
 */
export function createFetch(http: HttpClient, timeoutMs = TIMEOUT_MS): OctokitFetch {
  return async (input, init = {}) => {
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new TypeError('internal: GitHub request bodies are JSON text');
    }
    const first: HttpRequest = { url: new URL(String(input)), method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body ?? undefined };
    let timeout: AbortSignal | undefined;
    let sent;
    try {
      sent = await http.send(first, () => {
        timeout = AbortSignal.timeout(timeoutMs);
        return init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const cause = timeout?.aborted ? Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' }) : error;
      throw new TypeError('fetch failed', { cause });
    }
    const { request, answer } = sent;
    const { body } = answer;
    const headers = new Map(Object.entries(answer.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    return {
      status: answer.status,
      statusText: answer.statusText,
      url: request.url.href,
      headers,
      body: null,
      text: async () => body.toString('utf8'),
      arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    };
  };
}
