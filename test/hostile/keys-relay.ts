/**
 * A relay in front of a fake (ZenML or GitHub) for the key-lifecycle hostile cases: it forwards every request and
 * can, for a chosen request, answer the 2xx it got without the key's value, or hold the request until the test
 * lets it go (forwarded or not). A held request tells the test it arrived, so the test can send the step a signal
 * at that very moment: before the rotation, while it is in flight, while storing.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RelayTrick =
  /** Forward (the server applies it), then answer its 2xx with the body minus `body.key`. */
  | { readonly kind: 'strip-key' }
  /** Hold the request until `release()`; then forward it (`forward`, the default) and answer, or drop the connection. */
  | { readonly kind: 'hold'; readonly forward?: boolean };

export interface RelayRule {
  readonly method: string;
  readonly path: RegExp;
  readonly trick: RelayTrick;
}

export interface Held {
  /** Resolves when the held request has arrived (its body read). */
  readonly arrived: Promise<void>;
  /** Lets the held request go on: forwarded and answered, or (forward: false) its connection dropped. */
  release(): void;
}

export interface KeysRelay {
  readonly url: string;
  /** Every request, `METHOD /path`, in arrival order. */
  readonly requests: string[];
  /** Adds a one-shot rule for the next matching request. */
  trick(rule: RelayRule): Held;
  close(): Promise<void>;
}

/** Starts the relay on 127.0.0.1 in front of `target` (an http:// origin). */
export async function startKeysRelay(target: string): Promise<KeysRelay> {
  const upstream = new URL(target);
  const rules: Array<RelayRule & { arrive: () => void; released: Promise<void> }> = [];
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (res) => {
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
    out['content-length'] = String(Buffer.byteLength(body));
    if (!res.destroyed) res.writeHead(status, out).end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        requests.push(`${req.method} ${path}`);
        const index = rules.findIndex((r) => r.method === req.method && r.path.test(path));
        const rule = index < 0 ? undefined : rules.splice(index, 1)[0];
        const body = Buffer.concat(chunks);
        if (rule?.trick.kind === 'hold') {
          rule.arrive();
          await rule.released;
          if (rule.trick.forward === false) return void req.socket.destroy();
        }
        let answer;
        try {
          answer = await forward(req, body);
        } catch {
          return void req.socket.destroy();
        }
        if (rule?.trick.kind === 'strip-key' && answer.status < 300) {
          const json = JSON.parse(answer.body.toString('utf8')) as { body?: Record<string, unknown> };
          if (json.body) delete json.body['key'];
          return send(res, answer.status, answer.headers, JSON.stringify(json));
        }
        send(res, answer.status, answer.headers, answer.body);
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
    trick(rule) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      rules.push({ ...rule, arrive, released });
      return { arrived, release };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
