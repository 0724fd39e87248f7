import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { HttpClient } from '../../src/core/http.ts';
import { createFetch } from '../../src/github/fetch.ts';

// The fetch Octokit gets (src/github/fetch.ts): what Octokit reads of an answer, redirects as fetch follows
// them, and a request without an answer turned into fetch's TypeError.

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.closeAllConnections(), () => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client() {
  const http = new HttpClient();
  closers.push(() => http.close());
  return http;
}

it('hands Octokit the status, lower-case headers, URL and body, and sends the JSON body with its length', async () => {
  const seen: string[] = [];
  const url = await serve((req, res, body) => {
    seen.push(`${req.method} ${req.url} ${req.headers['content-length']} ${body}`);
    res.writeHead(201, 'Created', { 'Content-Type': 'application/json', 'X-RateLimit-Remaining': '4999' }).end('{"ok":true}');
  });
  const response = await createFetch(client())(`${url}/repos/a/b`, { method: 'PUT', headers: { authorization: 'token t' }, body: '{"v":1}' });
  expect([response.status, response.statusText, response.url]).toEqual([201, 'Created', `${url}/repos/a/b`]);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get('x-ratelimit-remaining')).toBe('4999');
  expect(await response.text()).toBe('{"ok":true}');
  expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('{"ok":true}');
  expect(seen).toEqual(['PUT /repos/a/b 7 {"v":1}']);
});

it('follows a 307 with the same method and body, and drops the token when the origin changes', async () => {
  const seen: string[] = [];
  const target = await serve((req, res, body) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers['authorization'] ?? 'none'} ${body}`);
    res.writeHead(204).end();
  });
  const origin = await serve((req, res) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers['authorization'] ?? 'none'}`);
    res.writeHead(307, { location: `${target}/moved` }).end();
  });
  const response = await createFetch(client())(`${origin}/repos/a/b`, { method: 'PUT', headers: { authorization: 'token t' }, body: '{}' });
  expect(response.status).toBe(204);
  expect(response.url).toBe(`${target}/moved`);
  expect(seen).toEqual(['PUT /repos/a/b auth=token t', 'PUT /moved auth=none {}']);
});

it('a refused connection rejects like fetch: a TypeError whose cause is the network error', async () => {
  const url = await serve((_req, res) => res.end());
  closers.splice(0).forEach((close) => close());
  const error = (await createFetch(client())(`${url}/x`).catch((e: unknown) => e)) as TypeError & { cause: { code?: string } };
  expect(error).toBeInstanceOf(TypeError);
  expect(error.message).toBe('fetch failed');
  expect(error.cause.code).toBe('ECONNREFUSED');
});

it('a server that never answers: gives up after the timeout with ETIMEDOUT', async () => {
  const url = await serve(() => undefined);
  const error = (await createFetch(client(), 100)(`${url}/x`).catch((e: unknown) => e)) as TypeError & { cause: { code?: string; message: string } };
  expect(error).toBeInstanceOf(TypeError);
  expect(error.cause).toMatchObject({ code: 'ETIMEDOUT', message: 'no answer within 0.1 s' });
});
