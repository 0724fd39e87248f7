/**
 * A relay in front of the fake ZenML server for the faults the fake cannot make at one chosen step:
 * the server going away (the connection is dropped and every later one refused), a timeout after the
 * request was applied, and an answer lost after the request was applied.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RelayFault = 'refuse' | 'timeout' | 'lose';

export interface RelayRule {
  readonly method: string;
  readonly path: RegExp;
  /** The Nth matching request (1 = the next) gets the fault. */
  readonly n: number;
  readonly fault: RelayFault;
}

export interface Relay {
  readonly url: string;
  /** What the relay did to the rule's request, once it fired. */
  readonly fired: RelayFault[];
  rule(rule: RelayRule): void;
  close(): Promise<void>;
}

/** Starts a relay on 127.0.0.1 that forwards every request to `target` (an http:// origin). */
export async function startRelay(target: string): Promise<Relay> {
  const upstream = new URL(target);
  const rules: Array<RelayRule & { left: number }> = [];
  const fired: RelayFault[] = [];
  let down = false;

  const take = (method: string, path: string): RelayFault | undefined => {
    for (const rule of rules) {
      if (rule.left <= 0 || rule.method !== method || !rule.path.test(path)) continue;
      rule.left -= 1;
      if (rule.left === 0) return rule.fault;
    }
    return undefined;
  };

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (down) return void req.socket.destroy();
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const fault = take(req.method ?? 'GET', path);
        if (fault) fired.push(fault);
        if (fault === 'refuse') {
          // The server goes away: this connection drops unanswered, later ones are refused.
          down = true;
          server.close();
          server.closeAllConnections();
          req.socket.destroy();
          return;
        }
        let answer;
        try {
          answer = await forward(req, Buffer.concat(chunks));
        } catch {
          return void req.socket.destroy();
        }
        if (fault === 'lose') return void req.socket.destroy();
        if (fault === 'timeout') {
          // Applied, but the answer is held until the client gives up (it closes the socket).
          await new Promise<void>((resolve) => {
            req.socket.once('close', () => resolve());
            setTimeout(resolve, 5_000).unref();
          });
          return void req.socket.destroy();
        }
        const headers = { ...answer.headers };
        delete headers['transfer-encoding'];
        headers['content-length'] = String(answer.body.length);
        res.writeHead(answer.status, headers);
        res.end(answer.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fired,
    rule: (rule) => void rules.push({ ...rule, left: rule.n }),
    close: () =>
      new Promise<void>((resolve) => {
        if (down) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
