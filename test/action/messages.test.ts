// The shape of what a person reads when the action fails (issue 15): sentences that do not run together,
// no status said twice, the value named where it came from, account and key names rather than UUIDs,
// and a hint for the usual URL mistakes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { expectSentences } from '../support/sentences.ts';
import { expectNoLeak, runStep } from './harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, requestCount, startWorld } from './world.ts';

const errorLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;


describe('messages of the action', () => {
  it('a failed store after create: the advice and the export are separate sentences', async () => {
    const world = await startWorld();
    world.github.fail({ method: 'PUT', fault: { kind: 'integration-forbidden' } });
    const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer' }));
    expect(run.code).toBe(1);
    const line = errorLine(run.stdout);
    expect(line).toMatch(/\. The new key is exported as ZENML_STORE_API_KEY for the rest of this job\.$/);
    expectSentences(line);
    const key = run.env['ZENML_STORE_API_KEY']!;
    expectNoLeak(run, [key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key });
  });

  it('a failed store after rotate: the same', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    world.zenml.seedApiKey('ci-deployer', 'github-actions');
    world.github.fail({ method: 'PUT', fault: { kind: 'integration-forbidden' } });
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer' }));
    expect(run.code).toBe(1);
    const line = errorLine(run.stdout);
    expect(line).toMatch(/\. The new key is exported as ZENML_STORE_API_KEY for the rest of this job\.$/);
    expectSentences(line);
  });

  it.each([
    ['a JSON detail that repeats it', {}],
    ['a proxy page that repeats it', { html: true }],
  ])('the status is said once, with %s', async (_, shape) => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    world.zenml.seedApiKey('ci-deployer', 'github-actions');
    world.zenml.failNth({ n: 1, status: 429, method: 'GET', path: /api_keys\/github-actions$/, ...shape, headers: { 'retry-after': '0' } });
    world.zenml.failNth({ n: 2, status: 429, method: 'GET', path: /api_keys\/github-actions$/, ...shape, headers: { 'retry-after': '0' } });
    world.zenml.failNth({ n: 3, status: 429, method: 'GET', path: /api_keys\/github-actions$/, ...shape, headers: { 'retry-after': '0' } });
    world.zenml.failNth({ n: 4, status: 429, method: 'GET', path: /api_keys\/github-actions$/, ...shape, headers: { 'retry-after': '0' } });
    world.zenml.failNth({ n: 5, status: 429, method: 'GET', path: /api_keys\/github-actions$/, ...shape, headers: { 'retry-after': '0' } });
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer' }));
    expect(run.code).toBe(1);
    const line = errorLine(run.stdout);
    expect(line).toContain('ZenML answered 429');
    expect(line).not.toMatch(/429 .*429/);
  });

  it('a failure names the account and key, not their UUIDs', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    world.zenml.seedApiKey('ci-deployer', 'github-actions');
    world.zenml.failNth({ n: 1, status: 409, method: 'PUT', path: /\/rotate$/, body: { detail: ['IllegalOperationError', 'not now'] } });
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer' }));
    expect(run.code).toBe(1);
    const line = errorLine(run.stdout);
    expect(line).toContain("rotate API key 'github-actions' of service account 'ci-deployer': ZenML answered 409 IllegalOperationError: not now");
    expect(line.replace(/\(PUT [^)]*\)/, '')).not.toMatch(UUID);
  });

  it('a key from $ZENML_STORE_API_KEY is blamed on that variable, not on the api-key input', async () => {
    const world = await startWorld();
    const run = await runStep({ 'server-url': world.zenml.url, command: 'connect' }, { env: { ZENML_STORE_API_KEY: 'ZENKEY_bm90LWpzb24=' } });
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toMatch(/^::error::ZENML_STORE_API_KEY: /);
    expect(requestCount(world)).toBe(0);
  });

  it('a server-url ending in /api/v1 is refused before any request, with the root URL to use', async () => {
    const world = await startWorld();
    const run = await runStep(adminInputs(world, { command: 'describe', 'service-account': 'x', 'server-url': `${world.zenml.url}/api/v1` }));
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toBe(`::error::server-url: '${world.zenml.url}/api/v1' ends in /api/v1, which is added to every request: give the server's root URL, ${world.zenml.url}`);
    expect(requestCount(world)).toBe(0);
  });

  it('https:// to a plain-HTTP port says so, instead of OpenSSL\'s words', async () => {
    const plain = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as AddressInfo).port;
    try {
      const run = await runStep({ 'server-url': `https://127.0.0.1:${port}`, username: 'admin', password: ADMIN_PASSWORD, command: 'describe', 'service-account': 'x' });
      expect(run.code).toBe(1);
      const line = errorLine(run.stdout);
      expect(line).toContain('the server answered in plain HTTP, not TLS: if it serves http://, use an http:// URL');
      expect(line).not.toMatch(/EPROTO|wrong version number|ssl/i);
    } finally {
      plain.close();
    }
  });
});
