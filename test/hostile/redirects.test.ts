// Hostile: servers that answer with a redirect to take the credentials elsewhere (issue 11, item 1). A login
// answered 301/302/307/308 towards another origin, https→http, or a non-loopback http host, and GitHub
// endpoints doing the same, run through the bundled action and CLI. The credential never reaches the other
// server, and the failure is one line naming the Location (without userinfo) and the setting to change.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoLeak, runStep, type StepRun } from '../action/harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, startWorld } from '../action/world.ts';
import { expectError, expectNotOnStderr, runCli, startWorld as startCliWorld } from '../cli/harness.ts';
import { startFakeZenml } from '../fakes/zenml-server.ts';
import { startProxy } from '../matrix/support/proxy.ts';

const tlsDir = new URL('../fixtures/tls/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, tlsDir), 'utf8');

const closers: Array<() => Promise<void>> = [];
afterEach(async () => void (await Promise.all(closers.splice(0).map((close) => close()))));

/** A server on another loopback origin (localhost, not 127.0.0.1) that records whatever reaches it. */
async function startTrap(): Promise<{ origin: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}`, seen };
}

/** The one `::error::` line of a failed step, and nothing of it on a second line. */
function errorLine(run: StepRun): string {
  expect(run.code, run.stdout + run.stderr).toBe(1);
  const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).not.toContain('%0A');
  return errors[0]!;
}

describe('a ZenML login answered with a redirect (bundled action)', () => {
  it.each([301, 302, 307, 308])('%i to another loopback origin: refused, the API key never leaves', async (status) => {
    const world = await startWorld();
    const trap = await startTrap();
    world.zenml.seedServiceAccount('runner');
    const { key } = world.zenml.seedApiKey('runner', 'ci');
    world.zenml.failNth({ n: 1, status, method: 'POST', path: /\/api\/v1\/login$/, headers: { location: `${trap.origin.replace('//', '//user:hunter2@')}/api/v1/login?next=1` } });
    const run = await runStep({ 'server-url': world.zenml.url, 'api-key': key });
    const line = errorLine(run);
    expect(line).toContain(`redirecting to ${trap.origin.replace('//', '//***@')}/api/v1/login, another server`);
    expect(line).toContain('set server-url (ZENML_STORE_URL) to the final address');
    expect(line).not.toContain('hunter2');
    expect(trap.seen).toEqual([]);
    expect(run.env).toEqual({});
    expectNoLeak(run, [key]);
  });

  it('308 from https to plain http: refused as a downgrade, the password never leaves', async () => {
    const zenml = await startFakeZenml({ adminName: 'admin', adminPassword: ADMIN_PASSWORD, tls: { key: read('server-key.pem'), cert: read('server.pem') } });
    closers.push(() => zenml.close());
    const trap = await startTrap();
    const plain = trap.origin.replace('localhost', '127.0.0.1');
    zenml.failNth({ n: 1, status: 308, method: 'POST', path: /\/api\/v1\/login$/, headers: { location: `${plain}/api/v1/login` } });
    const run = await runStep(
      { 'server-url': zenml.url, username: 'admin', password: ADMIN_PASSWORD, command: 'create', 'service-account': 'x', 'secret-name': '' },
      { env: { ZENML_STORE_VERIFY_SSL: new URL('ca.pem', tlsDir).pathname } },
    );
    expect(errorLine(run)).toContain(`redirecting to ${plain}/api/v1/login, from https to plain http`);
    expect(trap.seen).toEqual([]);
    expectNoLeak(run, [ADMIN_PASSWORD]);
  });

  it('307 to a non-loopback http host: nothing is sent there (a proxy that would carry it sees nothing)', async () => {
    const world = await startWorld();
    const proxy = await startProxy();
    closers.push(() => proxy.close());
    world.zenml.failNth({ n: 1, status: 307, method: 'POST', path: /\/api\/v1\/login$/, headers: { location: 'http://zenml.example.com/api/v1/login' } });
    const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'x' }), {
      env: { HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' },
    });
    expect(errorLine(run)).toContain('redirecting to http://zenml.example.com/api/v1/login, another server');
    expect(proxy.seen).toEqual([]);
    expect(world.zenml.inspectServiceAccount('x')).toBeUndefined();
    expectNoLeak(run, [ADMIN_PASSWORD, GITHUB_TOKEN]);
  });
});

describe('GitHub endpoints answered with a redirect (bundled action)', () => {
  it('307 on the public key (preflight): refused before anything is created, the token never leaves', async () => {
    const world = await startWorld();
    const trap = await startTrap();
    world.github.fail({ method: 'GET', path: /public-key$/, times: 1, fault: { kind: 'status', status: 307, headers: { location: `${trap.origin}/repos/acme/app/actions/secrets/public-key` } } });
    const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'deployer', 'secret-name': 'ZENML_STORE_API_KEY' }));
    const line = errorLine(run);
    expect(line).toContain(`redirecting to ${trap.origin}/repos/acme/app/actions/secrets/public-key, another server`);
    expect(line).toContain('set github-api-url to the final address');
    expect(trap.seen).toEqual([]);
    expect(world.zenml.inspectServiceAccount('deployer')).toBeUndefined();
    // Refused, not retried: one request reached GitHub.
    expect(world.github.requests).toHaveLength(1);
    expectNoLeak(run, [ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('308 on the secret PUT: the sealed key never leaves, the new key is exported', async () => {
    const world = await startWorld();
    const trap = await startTrap();
    world.github.fail({ method: 'PUT', path: /\/secrets\/ZENML_STORE_API_KEY$/, times: 1, fault: { kind: 'status', status: 308, headers: { location: `${trap.origin}/steal` } } });
    const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'deployer', 'secret-name': 'ZENML_STORE_API_KEY' }));
    expect(errorLine(run)).toContain(`redirecting to ${trap.origin}/steal, another server`);
    expect(trap.seen).toEqual([]);
    const key = run.env['ZENML_STORE_API_KEY'];
    expect(key).toMatch(/^ZENKEY_/);
    expectNoLeak(run, [ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key! });
  });
});

describe('redirects against the bundled CLI', () => {
  it('login answered 307 to another origin: exit 1, one line, the key never leaves', async () => {
    const world = await startCliWorld();
    closers.push(() => world.close());
    const trap = await startTrap();
    world.zenml.failNth({ n: 1, status: 307, method: 'POST', path: /\/api\/v1\/login$/, headers: { location: `${trap.origin}/api/v1/login` } });
    const run = await runCli(['login', world.zenml.url, '--api-key', world.adminKey]);
    expectError(run, 1, new RegExp(`redirecting to ${trap.origin}/api/v1/login, another server; .*set server-url \\(ZENML_STORE_URL\\) to the final address`));
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
    expect(trap.seen).toEqual([]);
    expectNotOnStderr(run, [world.adminKey]);
  });

  it('secret set with the public key answered 302 to another origin: exit 1, the token never leaves', async () => {
    const world = await startCliWorld();
    closers.push(() => world.close());
    const trap = await startTrap();
    world.github.fail({ method: 'GET', path: /public-key$/, times: 1, fault: { kind: 'status', status: 302, headers: { location: `${trap.origin}/key` } } });
    const run = await runCli(['secret', 'set', 'TOKEN', '--repository', 'acme/app'], world.env, 'value-that-must-not-leave');
    expectError(run, 1, new RegExp(`redirecting to ${trap.origin}/key, another server; .*set github-api-url to the final address`));
    expect(trap.seen).toEqual([]);
    expectNotOnStderr(run, [GITHUB_TOKEN]);
  });
});
