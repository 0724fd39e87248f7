// The transport matrix: TLS with a private CA, redirects, and HTTP(S)_PROXY / NO_PROXY, through the
// bundled action where it is fast and the client where a hook is needed.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ZenmlClient } from '../../src/zenml/client.ts';
import { expectNoLeak, runStep } from '../action/harness.ts';
import { startFakeZenml, type FakeZenml } from '../fakes/zenml-server.ts';
import { TRANSPORT_CASES } from './transport-cases.ts';
import { recordRow } from './support/record.ts';
import { startProxy } from './support/proxy.ts';

const PASSWORD = 'matrix-admin-password-never-shown';
const tlsDir = new URL('../fixtures/tls/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, tlsDir), 'utf8');
const [REFUSED, BY_PATH, BY_PEM, REDIRECT, HTTP_PROXY, HTTPS_PROXY, NO_PROXY] = TRANSPORT_CASES;
const errorLine = (stdout: string) => stdout.split('\n').find((l) => l.startsWith('::error::'))?.slice(9) ?? '';

/** `describe` of ci-deployer with the admin user: a command that reads only ZenML. */
async function describeRun(zenml: FakeZenml, env: Record<string, string>) {
  zenml.seedServiceAccount('ci-deployer');
  const run = await runStep({ command: 'describe', 'server-url': zenml.url, username: 'admin', password: PASSWORD, 'service-account': 'ci-deployer' }, { env });
  expectNoLeak(run, [PASSWORD, zenml.mintUserToken('admin')]);
  return run;
}

const tlsServer = () => startFakeZenml({ adminName: 'admin', adminPassword: PASSWORD, tls: { key: read('server-key.pem'), cert: read('server.pem') } });

describe.concurrent('transport matrix', () => {
  it(REFUSED, async () => {
    const zenml = await tlsServer();
    try {
      const run = await describeRun(zenml, {});
      expect(run.code).toBe(1);
      expect(errorLine(run.stdout)).toContain("the server's TLS certificate was not accepted");
      expect(errorLine(run.stdout)).toContain('ZENML_STORE_VERIFY_SSL');
      expect(zenml.requests).toHaveLength(0);
      recordRow({ matrix: 'transport', case: REFUSED, outcome: 'exit 1; no request reached the server', message: errorLine(run.stdout) });
    } finally {
      await zenml.close();
    }
  });

  it.each([
    [BY_PATH, () => new URL('ca.pem', tlsDir).pathname],
    [BY_PEM, () => read('ca.pem')],
  ])('%s', async (name, verify) => {
    const zenml = await tlsServer();
    try {
      const run = await describeRun(zenml, { ZENML_STORE_VERIFY_SSL: verify() });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs['service-account-name']).toBe('ci-deployer');
      expect(zenml.requests.length).toBeGreaterThan(0);
      recordRow({ matrix: 'transport', case: name, outcome: 'exit 0; describe read the account over TLS', message: '' });
    } finally {
      await zenml.close();
    }
  });

  it(REDIRECT, async () => {
    const seen: Array<string | undefined> = [];
    const other = createServer((req, res) => {
      seen.push(req.headers['authorization']);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"body":{"created":"2026-01-01T00:00:00","updated":"2026-01-01T00:00:00","active":true},"metadata":null,"resources":null,"id":"6f1c1d4e-5a3e-4c0e-9d2b-6a0e2f9b1c11","permission_denied":false,"name":"moved"}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const zenml = await startFakeZenml({ adminName: 'admin', adminPassword: PASSWORD });
    const client = new ZenmlClient({ url: zenml.url, credentials: { kind: 'password', username: 'admin', password: PASSWORD }, retry: { sleep: async () => {}, random: () => 0.5 } });
    try {
      zenml.seedServiceAccount('moved');
      await client.token();
      // localhost and 127.0.0.1 are different origins.
      zenml.failNth({ n: 1, status: 307, method: 'GET', path: /service_accounts\/moved$/, headers: { location: `http://localhost:${(other.address() as { port: number }).port}/api/v1/service_accounts/moved` } });
      const error = (await client.getServiceAccount('moved').catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^get service account 'moved': the server answered 307 redirecting to http:\/\/localhost:\d+\/api\/v1\/service_accounts\/moved, another server; .* set server-url \(ZENML_STORE_URL\) to the final address/);
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(seen).toEqual([]);
      recordRow({ matrix: 'transport', case: REDIRECT, outcome: 'refused, naming the Location; the other host saw no request', message: error.message });
    } finally {
      await client.close();
      await zenml.close();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it.each([
    [HTTP_PROXY, false, ''],
    [HTTPS_PROXY, true, ''],
    [NO_PROXY, false, '127.0.0.1'],
  ])('%s', async (name, tls, noProxy) => {
    const proxy = await startProxy();
    const zenml = tls ? await tlsServer() : await startFakeZenml({ adminName: 'admin', adminPassword: PASSWORD });
    try {
      const env = {
        HTTP_PROXY: proxy.url,
        http_proxy: proxy.url,
        HTTPS_PROXY: proxy.url,
        https_proxy: proxy.url,
        NO_PROXY: noProxy,
        no_proxy: noProxy,
        ...(tls ? { ZENML_STORE_VERIFY_SSL: new URL('ca.pem', tlsDir).pathname } : {}),
      };
      const run = await describeRun(zenml, env);
      expect(run.code, run.stdout).toBe(0);
      const origin = new URL(zenml.url);
      if (noProxy) {
        expect(proxy.seen).toEqual([]);
        recordRow({ matrix: 'transport', case: name, outcome: `exit 0; proxy saw 0 requests; server saw ${zenml.requests.length}`, message: '' });
      } else if (tls) {
        // One tunnel per connection; every request the server saw came through a tunnel.
        expect(proxy.seen.length).toBeGreaterThan(0);
        expect(proxy.seen.every((line) => line === `CONNECT ${origin.host}`)).toBe(true);
        recordRow({ matrix: 'transport', case: name, outcome: 'exit 0; every connection was a CONNECT tunnel through the proxy', message: '' });
      } else {
        // Node's agent sends plain http:// as absolute-URI requests; other clients tunnel it through CONNECT:
        // either form means the traffic went through the proxy.
        expect(proxy.seen.length).toBeGreaterThan(0);
        const forms = new Set(proxy.seen.map((line) => (line === `CONNECT ${origin.host}` ? 'CONNECT tunnel' : line.startsWith(`${line.split(' ')[0]} ${origin.origin}/`) ? 'absolute-URI request' : `unexpected: ${line}`)));
        expect([...forms].filter((f) => f.startsWith('unexpected'))).toEqual([]);
        recordRow({ matrix: 'transport', case: name, outcome: `exit 0; every connection went through the proxy (${[...forms].sort().join(', ')})`, message: '' });
      }
    } finally {
      await Promise.all([proxy.close(), zenml.close()]);
    }
  });
});
