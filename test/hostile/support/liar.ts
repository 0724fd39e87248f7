/**
 * A lying ZenML (or GitHub) stand-in on 127.0.0.1: it sits in front of a fake from test/fakes, forwards every
 * request there, and lets a test rewrite chosen answers the way a malicious or broken server would: inject text
 * into names, descriptions, ids and dates; echo the request (body and headers, in every encoding) back in an
 * error detail; answer 2xx without the body it owes; or stall until the client gives up.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { echoDetail } from './payloads.ts';

/** One request as the liar saw it. */
export interface Exchange {
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type Lie =
  /** Forward, then hand the upstream JSON answer to `edit` and send what it returns (same status). */
  | { readonly kind: 'rewrite'; edit(json: unknown, request: Exchange): unknown }
  /**
   * Do not forward; answer `status` (400) with `{"detail": …}` echoing the request in every encoding after `prefix`,
   * or with the detail `detail` makes of the request.
   */
  | { readonly kind: 'echo'; readonly status?: number; readonly prefix?: string; detail?(request: Exchange): string }
  /** Forward (the server applies it), then answer the same 2xx with `body` ('' unless given) instead. */
  | { readonly kind: 'empty'; readonly body?: string }
  /** Forward, then hold the answer until the client closes the connection. */
  | { readonly kind: 'stall'; readonly forward?: boolean }
  /** Do not forward; answer this. */
  | { readonly kind: 'answer'; readonly status: number; readonly body: string; readonly headers?: Readonly<Record<string, string>> };

export interface LieRule {
  readonly method?: string;
  readonly path: RegExp;
  /** How many matching requests get the lie (every one when absent). */
  readonly times?: number;
  /** Matching requests to let through untouched first. */
  readonly skip?: number;
  readonly lie: Lie;
}

export interface Liar {
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: Exchange[];
  /** The requests that were lied to. */
  readonly lied: Exchange[];
  /** Adds a rule; the first matching rule with lies left wins. */
  lie(rule: LieRule): void;
  close(): Promise<void>;
}

interface Upstream {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** Starts a liar on 127.0.0.1 in front of `target` (an http:// origin, usually a fake's `url`). */
export async function startLiar(target: string): Promise<Liar> {
  const upstream = new URL(target);
  const rules: Array<LieRule & { skipLeft: number; left: number }> = [];
  const requests: Exchange[] = [];
  const lied: Exchange[] = [];
  const sockets = new Set<Socket>();

  const take = (exchange: Exchange): Lie | undefined => {
    for (const rule of rules) {
      if (rule.left <= 0 || (rule.method && rule.method !== exchange.method) || !rule.path.test(exchange.path)) continue;
      if (rule.skipLeft > 0) {
        rule.skipLeft -= 1;
        continue;
      }
      rule.left -= 1;
      return rule.lie;
    }
    return undefined;
  };

  const forward = (req: IncomingMessage, body: Buffer): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const send = (res: ServerResponse, status: number, headers: IncomingMessage['headers'], body: Buffer | string) => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
    delete out['transfer-encoding'];
    delete out['content-encoding'];
    out['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(status, out);
    res.end(body);
  };

  const holdUntilClosed = (req: IncomingMessage) =>
    new Promise<void>((resolve) => {
      if (req.socket.destroyed) return resolve();
      req.socket.once('close', () => resolve());
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        const exchange: Exchange = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', url: req.url ?? '/', headers, body: body.toString('utf8') };
        requests.push(exchange);
        const lie = take(exchange);
        if (lie) lied.push(exchange);
        if (lie?.kind === 'echo') {
          const detail = lie.detail ? lie.detail(exchange) : echoDetail(exchange, lie.prefix ?? '');
          return send(res, lie.status ?? 400, { 'content-type': 'application/json' }, JSON.stringify({ detail }));
        }
        if (lie?.kind === 'answer') return send(res, lie.status, { 'content-type': 'application/json', ...lie.headers }, lie.body);
        if (lie?.kind === 'stall' && lie.forward === false) return void (await holdUntilClosed(req));
        let answer: Upstream;
        try {
          answer = await forward(req, body);
        } catch {
          return void req.socket.destroy();
        }
        if (!lie) return send(res, answer.status, answer.headers, answer.body);
        if (lie.kind === 'stall') return void (await holdUntilClosed(req));
        if (lie.kind === 'empty') return send(res, answer.status, answer.headers, lie.body ?? '');
        let json: unknown;
        try {
          json = JSON.parse(answer.body.toString('utf8'));
        } catch {
          return send(res, answer.status, answer.headers, answer.body);
        }
        send(res, answer.status, { ...answer.headers, 'content-type': 'application/json' }, JSON.stringify(lie.edit(json, exchange)));
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    lied,
    lie: (rule) => void rules.push({ ...rule, skipLeft: rule.skip ?? 0, left: rule.times ?? Number.POSITIVE_INFINITY }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
