import { describe, expect, it } from 'vitest';
import { expectNoLeak, runStep } from './harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, startWorld } from './world.ts';

const errorLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';

describe('failures before the point of no return change nothing', () => {
  it('a token that cannot write secrets stops the rotation before it happens', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const old = world.zenml.seedApiKey('ci-deployer', 'github-actions');
    world.github.fail({ method: 'GET', path: /public-key$/, fault: { kind: 'integration-forbidden', acceptedPermissions: 'secrets=write' } });
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer' }));
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toContain("GITHUB_TOKEN");
    expect(errorLine(run.stdout)).toContain('nothing was written');
    expect(world.zenml.inspectApiKey('ci-deployer', 'github-actions')?.rotations).toBe(0);
    expect(world.zenml.keyLogsIn(old.key)).toBe(true);
    expect(run.env).toEqual({});
    expect(run.summary).toContain('failed');
    expectNoLeak(run, [old.key, ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('create refuses a key name that exists, and creates nothing', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    world.zenml.seedApiKey('ci-deployer', 'github-actions');
    const before = world.zenml.requests.length;
    const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer' }));
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toContain("API key 'github-actions' of service account 'ci-deployer' already exists: use command 'rotate'");
    expect(world.zenml.requests.slice(before).filter((r) => r.method !== 'GET' && r.path !== '/api/v1/login')).toEqual([]);
    expect(world.github.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('an unreachable server is one line, with the address', async () => {
    const world = await startWorld();
    const url = world.zenml.url;
    await world.zenml.close();
    const run = await runStep(adminInputs(world, { command: 'describe', 'service-account': 'x', 'server-url': url }), { env: { ZENML_STORE_HTTP_TIMEOUT: '2' } });
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toBe(`::error::read the server info: connection refused: is the server running at this address? (GET ${url}/api/v1/info)`);
  }, 30_000);
});

describe('failures after the rotation never lose the new key', () => {
  it('storing fails: the new key is still exported, and the message says what the server and targets hold', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const old = world.zenml.seedApiKey('ci-deployer', 'github-actions');
    world.github.fail({ method: 'PUT', fault: { kind: 'integration-forbidden' } });
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '60', 'export-env': 'false' }));
    expect(run.code).toBe(1);
    const key = run.env['ZENML_STORE_API_KEY']!;
    expect(key).toMatch(/^ZENKEY_/);
    expect(world.zenml.keyLogsIn(key)).toBe(true);
    expect(world.zenml.keyLogsIn(old.key)).toBe(true);
    const line = errorLine(run.stdout);
    expect(line).toMatch(/was rotated at \S+Z \(the previous key stays valid until \S+Z\), but storing the new key failed/);
    expect(line).toContain('The new key is exported as ZENML_STORE_API_KEY for the rest of this job.');
    expect(run.summary).toContain('Secrets not written');
    expect(run.summary).toContain('repository:acme/app');
    expect(run.outputs['api-key-name']).toBe('github-actions');
    expectNoLeak(run, [key, old.key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key });
  });

  it('one of three repositories fails: the others are written and named', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    world.zenml.seedApiKey('ci-deployer', 'github-actions');
    world.github.fail({ method: 'PUT', path: /acme\/lib/, fault: { kind: 'status', status: 422, message: 'Value is too large.' } });
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', repository: 'acme/app, acme/lib\nacme/web' }));
    expect(run.code).toBe(1);
    const key = run.env['ZENML_STORE_API_KEY']!;
    expect(world.github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
    expect(world.github.secret('repository:acme/web', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
    expect(world.github.secret('repository:acme/lib', 'ZENML_STORE_API_KEY')).toBeUndefined();
    expect(errorLine(run.stdout)).toContain('repository:acme/lib');
    expect(run.summary).toMatch(/Secrets not written \| `repository:acme\/lib/);
  }, 30_000);

  it('the rotate answer is lost: no second rotation, and the message says the server rotated', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const old = world.zenml.seedApiKey('ci-deployer', 'github-actions');
    world.zenml.loseResponse({ method: 'PUT', path: /\/rotate$/ });
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '15' }));
    expect(run.code).toBe(1);
    expect(world.zenml.inspectApiKey('ci-deployer', 'github-actions')?.rotations).toBe(1);
    expect(world.zenml.requests.filter((r) => r.path.endsWith('/rotate'))).toHaveLength(1);
    expect(errorLine(run.stdout)).toMatch(/was rotated at \S+Z, but the new key's value is lost: its answer never arrived .*The previous key keeps working until \S+Z\. Do not rotate again/);
    expect(world.zenml.keyLogsIn(old.key)).toBe(true);
    expect(world.github.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expectNoLeak(run, [old.key, ADMIN_PASSWORD, GITHUB_TOKEN]);
  });
});

// Bad input (one line naming the input, exit 1, zero requests) is the bad-input matrix: test/matrix/bad-input.test.ts.
