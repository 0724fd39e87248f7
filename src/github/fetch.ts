import { HttpClient, redirectOf, type HttpRequest } from '../core/http.js';

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

const MAX_REDIRECTS = 5;

/**
 * A fetch for Octokit's `request.fetch` over Node's http/https (see src/core/http.ts for why not global
 * fetch). Redirects are followed as fetch follows them; a request that gets no answer rejects with a
 * TypeError whose `cause` is Node's error, as fetch does, which Octokit turns into a status-500 error.
 */
export function createFetch(http: HttpClient): OctokitFetch {
  return async (input, init = {}) => {
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new TypeError('internal: GitHub request bodies are JSON text');
    }
    let request: HttpRequest = { url: new URL(String(input)), method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body ?? undefined };
    for (let hop = 0; ; hop++) {
      let answer;
      try {
        answer = await http.exchange(request, init.signal ?? undefined);
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        throw new TypeError('fetch failed', { cause: error });
      }
      const next = hop < MAX_REDIRECTS ? redirectOf(request, answer) : undefined;
      if (next) {
        request = next;
        continue;
      }
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
    }
  };
}
