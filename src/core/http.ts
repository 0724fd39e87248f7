import type { Agent as HttpAgent, IncomingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { agentProxyEnv } from './proxy.js';

// Both clients (ZenML and GitHub) speak HTTP through Node's own http/https modules rather than npm undici
// or global fetch: they are part of the node binary, so a run pays a few ms to load them instead of ~85 ms to
// parse undici, or ~35 ms for fetch's built-in copy plus a WebAssembly parser whose compilation the process
// waits for at exit (docs/PERFORMANCE.md). Node ≥ 24.5 agents apply HTTP(S)_PROXY/NO_PROXY themselves.

export interface HttpRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpClientOptions {
  /** TLS for https URLs: extra CAs, or no verification. Default: Node's. */
  readonly tls?: { readonly rejectUnauthorized: boolean; readonly ca?: readonly string[] | undefined } | undefined;
}

const MAX_REDIRECTS = 5;

// Loaded on first use, synchronously: a run that fails validation never pays for TLS, and the first request
// goes out at once instead of after an asynchronous import.
const nodeHttp = () => process.getBuiltinModule('node:http');
const nodeHttps = () => process.getBuiltinModule('node:https');

/** Sends requests over keep-alive connections, one agent per scheme. */
export class HttpClient {
  readonly #options: HttpClientOptions;
  readonly #proxyEnv: NodeJS.ProcessEnv | undefined;
  readonly #agents = new Map<string, HttpAgent | HttpsAgent>();

  constructor(options: HttpClientOptions = {}) {
    this.#options = options;
    // HTTP(S)_PROXY/NO_PROXY are read here, when a client is made, never at import.
    this.#proxyEnv = agentProxyEnv(process.env);
  }

  /**
   * Sends a request and follows up to five redirects (see redirectOf). Each hop is sent with the signal
   * `signalFor` gives for it, so that a caller can tell which hop failed, and whether its time ran out.
   */
  async send(request: HttpRequest, signalFor: (hop: HttpRequest) => AbortSignal): Promise<{ request: HttpRequest; answer: HttpAnswer }> {
    for (let hop = 0; ; hop++) {
      const answer = await this.exchange(request, signalFor(request));
      const next = hop < MAX_REDIRECTS ? redirectOf(request, answer) : undefined;
      if (!next) return { request, answer };
      request = next;
    }
  }

  /** One request and its whole answer; rejects with Node's error (or the signal's) when none arrives. */
  exchange(request: HttpRequest, signal?: AbortSignal): Promise<HttpAnswer> {
    const { url, method, headers, body } = request;
    const agent = this.#agent(url.protocol);
    const send = url.protocol === 'https:' ? nodeHttps().request : nodeHttp().request;
    const sent = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = send(url, { method, headers: sent, agent, ...(signal ? { signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes the idle connections. */
  close(): void {
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }

  #agent(protocol: string): HttpAgent | HttpsAgent {
    let agent = this.#agents.get(protocol);
    if (!agent) {
      const { tls } = this.#options;
      const proxyEnv = this.#proxyEnv;
      const common = { keepAlive: true, ...(proxyEnv ? { proxyEnv } : {}) };
      agent =
        protocol === 'https:'
          ? new (nodeHttps().Agent)({ ...common, ...(tls ? { rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? { ca: [...tls.ca] } : {}) } : {}) })
          : new (nodeHttp().Agent)(common);
      this.#agents.set(protocol, agent);
    }
    return agent;
  }
}

/** One header's value (the first, if repeated). */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The request to send next when an answer is a redirect, as fetch follows it: 303 (and 301/302 after
 * anything but GET) turn into a GET without body. Credentials are for the server the user named, never
 * for wherever it points us: they are dropped when the origin changes.
 */
export function redirectOf(request: HttpRequest, answer: HttpAnswer): HttpRequest | undefined {
  const location = headerOf(answer.headers, 'location');
  if (answer.status < 300 || answer.status >= 400 || !location) return undefined;
  const url = new URL(location, request.url);
  let headers = { ...request.headers };
  if (url.origin !== request.url.origin) {
    headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^(authorization|x-csrf-token|cookie)$/i.test(name)));
  }
  if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && request.method !== 'GET')) {
    delete headers['content-type'];
    return { url, method: 'GET', headers, body: undefined };
  }
  return { url, method: request.method, headers, body: request.body };
}
