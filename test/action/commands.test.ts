import { describe, expect, it } from 'vitest';
import { expectMaskedFirst, expectNoLeak, runStep } from './harness.ts';
import { GENERATIONS, profileOf } from '../fakes/zenml-server.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, requestCount, startWorld } from './world.ts';

const debugModes = [
  ['debug off', {}],
  ['debug on', { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }],
] as const;

describe.each(GENERATIONS)('the bundled action against a %s server', (generation) => {
  it.each(debugModes)('create: makes account and key, stores it, masks and exports it (%s)', async (_mode, debugEnv) => {
    const world = await startWorld({ generation });
    const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer', description: 'CI' }), { env: { ...debugEnv } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const key = run.env['ZENML_STORE_API_KEY']!;
    expect(key).toMatch(/^ZENKEY_/);
    expect(run.env['ZENML_STORE_URL']).toBe(world.zenml.url);
    expect(world.zenml.keyLogsIn(key)).toBe(true);
    expect(world.github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
    expect(run.outputs['service-account-name']).toBe('ci-deployer');
    expect(run.outputs['api-key-name']).toBe('github-actions');
    expect(run.outputs['server-version']).toBe(profileOf(generation).version);
    expect(JSON.parse(run.outputs['secrets-updated']!)).toEqual([{ target: 'repository:acme/app', secret: 'ZENML_STORE_API_KEY', result: 'created' }]);
    expect(run.outputs['api-key']).toBeUndefined();
    expect(run.summary).toContain("created service account 'ci-deployer' and its API key 'github-actions'");
    expectMaskedFirst(run, ADMIN_PASSWORD);
    expectMaskedFirst(run, GITHUB_TOKEN);
    expect(run.stdout).toContain(`::add-mask::${key}`);
    expectNoLeak(run, [key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key });
  });

  it.each(debugModes)('rotate with retention: both keys work, the new one is stored and exported (%s)', async (_mode, debugEnv) => {
    const world = await startWorld({ generation });
    world.zenml.seedServiceAccount('ci-deployer');
    const old = world.zenml.seedApiKey('ci-deployer', 'github-actions');
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '30', 'output-api-key': 'true' }), { env: { ...debugEnv } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const key = run.env['ZENML_STORE_API_KEY']!;
    expect(key).not.toBe(old.key);
    expect(world.zenml.keyLogsIn(key)).toBe(true);
    expect(world.zenml.keyLogsIn(old.key)).toBe(true);
    expect(world.zenml.inspectApiKey('ci-deployer', 'github-actions')?.rotations).toBe(1);
    expect(world.github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
    expect(run.outputs['api-key']).toBe(key);
    const rotatedAt = run.outputs['rotated-at']!;
    expect(rotatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(run.outputs['previous-key-valid-until']).toBe(new Date(Date.parse(rotatedAt) + 30 * 60_000).toISOString());
    expect(run.summary).toContain('Previous key valid until');
    expectNoLeak(run, [key, old.key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key, outputKey: key });
    // The order that makes a rotation safe: every check and the GitHub preflight before the rotation.
    const rotateAt = world.zenml.requests.findIndex((r) => r.path.endsWith('/rotate'));
    const keyRead = world.zenml.requests.findIndex((r) => r.method === 'GET' && r.path.endsWith('/api_keys/github-actions'));
    expect(keyRead).toBeGreaterThanOrEqual(0);
    expect(keyRead).toBeLessThan(rotateAt);
    expect(world.github.requests[0]!.path).toMatch(/public-key$/);
    expect(world.github.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('rotate without retention: the old key stops working at once', async () => {
    const world = await startWorld({ generation });
    world.zenml.seedServiceAccount('ci-deployer');
    const old = world.zenml.seedApiKey('ci-deployer', 'github-actions');
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer' }));
    expect(run.code).toBe(0);
    expect(world.zenml.keyLogsIn(old.key)).toBe(false);
    expect(run.outputs['previous-key-valid-until']).toBe('');
  });

  it('connect: verifies the key, exports it, and makes no request to GitHub', async () => {
    const world = await startWorld({ generation });
    const sa = world.zenml.seedServiceAccount('runner');
    const { key, id } = world.zenml.seedApiKey('runner', 'ci');
    const run = await runStep({ 'server-url': world.zenml.url, 'api-key': key, 'github-api-url': world.github.url });
    expect(run.code).toBe(0);
    expect(run.env).toEqual({ ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: key });
    expect(run.outputs).toMatchObject({ 'service-account-id': sa.id, 'service-account-name': 'runner', 'api-key-id': id, 'api-key-name': 'ci' });
    expect(world.github.requests).toHaveLength(0);
    expectMaskedFirst(run, key);
    expectNoLeak(run, [key], { exportedKey: key });
  });

  it('connect: fails in one line when the key is inactive', async () => {
    const world = await startWorld({ generation });
    world.zenml.seedServiceAccount('runner');
    const { key } = world.zenml.seedApiKey('runner', 'ci', { active: false });
    const run = await runStep({ 'server-url': world.zenml.url, 'api-key': key });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::log in to ZenML with the API key: ZenML answered 401 .*is not active/);
    expect(run.env).toEqual({});
    expectNoLeak(run, [key]);
  });

  it('ephemeral: a job key exported but never stored, deleted by the post step', async () => {
    const world = await startWorld({ generation });
    world.zenml.seedServiceAccount('runner');
    const inputs = adminInputs(world, { command: 'ephemeral', 'service-account': 'runner' });
    const run = await runStep(inputs);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const key = run.env['ZENML_STORE_API_KEY']!;
    expect(world.zenml.keyLogsIn(key)).toBe(true);
    expect(run.outputs['api-key-name']).toMatch(/^gha-4242-1-[0-9a-f]{6}$/);
    expect(world.github.requests).toHaveLength(0);
    expect(run.state['ephemeral-key-id']).toBe(run.outputs['api-key-id']);
    expectNoLeak(run, [key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key });

    const post = await runStep(inputs, { entry: 'post/index.js', state: run.state });
    expect(post.code).toBe(0);
    expect(world.zenml.keyLogsIn(key)).toBe(false);
    expect(world.zenml.inspectApiKey('runner', run.outputs['api-key-id']!)).toBeUndefined();
    expectNoLeak(post, [key, ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('deactivate and activate a key, then delete it, then the account', async () => {
    const world = await startWorld({ generation });
    world.zenml.seedServiceAccount('runner');
    const { key } = world.zenml.seedApiKey('runner', 'ci');
    const base = adminInputs(world, { 'service-account': 'runner', 'api-key-name': 'ci' });
    expect((await runStep({ ...base, command: 'deactivate' })).code).toBe(0);
    expect(world.zenml.keyLogsIn(key)).toBe(false);
    expect((await runStep({ ...base, command: 'activate' })).code).toBe(0);
    expect(world.zenml.keyLogsIn(key)).toBe(true);
    const describe = await runStep({ ...base, command: 'describe' });
    expect(describe.code).toBe(0);
    expect(describe.summary).toContain('| `ci` |');
    expect(describe.env).toEqual({});
    expect((await runStep({ ...base, command: 'delete' })).code).toBe(0);
    expect(world.zenml.inspectApiKey('runner', 'ci')).toBeUndefined();
    const deleted = await runStep({ ...adminInputs(world), command: 'delete', 'service-account': 'runner' });
    expect(deleted.code).toBe(0);
    expect(world.zenml.inspectServiceAccount('runner')).toBeUndefined();
    expect(world.github.requests).toHaveLength(0);
  });
});

describe.each(GENERATIONS)('self-service with only an API key, %s server', (generation) => {
  // [T58] and [T74] §11: any authenticated account may rotate; PR #5007 (0.9x): only admins.
  it.skipIf(profileOf(generation).adminOnlyMutations)('the key rotates itself, and the new key is what the job uses', async () => {
    const world = await startWorld({ generation });
    world.zenml.seedServiceAccount('ci-deployer');
    const old = world.zenml.seedApiKey('ci-deployer', 'ci');
    const run = await runStep({ 'server-url': world.zenml.url, 'api-key': old.key, command: 'rotate', 'retain-minutes': '5', 'github-token': GITHUB_TOKEN, 'github-api-url': world.github.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const key = run.env['ZENML_STORE_API_KEY']!;
    expect(run.outputs['api-key-name']).toBe('ci');
    expect(world.github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
    expect(world.zenml.requests.filter((r) => r.path === '/api/v1/login')).toHaveLength(2); // our key, then the new one (verify)
    expectNoLeak(run, [key, old.key, GITHUB_TOKEN], { exportedKey: key });
  });

  it.runIf(profileOf(generation).adminOnlyMutations)('admin-only mutations (PR #5007): a service account may not rotate, and the error says to use an admin', async () => {
    const world = await startWorld({ generation });
    world.zenml.seedServiceAccount('ci-deployer');
    const old = world.zenml.seedApiKey('ci-deployer', 'ci');
    const run = await runStep({ 'server-url': world.zenml.url, 'api-key': old.key, command: 'rotate', 'github-token': GITHUB_TOKEN, 'github-api-url': world.github.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("This server lets only admin users manage service accounts: authenticate with an admin user's username and password");
    expect(world.zenml.inspectApiKey('ci-deployer', 'ci')?.rotations).toBe(0);
    expect(run.env).toEqual({});
    expectNoLeak(run, [old.key, GITHUB_TOKEN]);
  });
});

describe('connect and the post step, details', () => {
  it('connect warns (annotation) when the key is older than max-key-age-days', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('runner');
    world.zenml.advanceClock(-40 * 86_400_000);
    const { key } = world.zenml.seedApiKey('runner', 'ci');
    world.zenml.advanceClock(40 * 86_400_000);
    const old = await runStep({ 'server-url': world.zenml.url, 'api-key': key, 'max-key-age-days': '30' });
    expect(old.code).toBe(0);
    expect(old.stdout).toMatch(/^::warning::API key 'ci' of service account 'runner' was created and never rotated 40 days ago \(.*\), more than max-key-age-days \(30\): rotate it$/m);
    const fresh = await runStep({ 'server-url': world.zenml.url, 'api-key': key, 'max-key-age-days': '45' });
    expect(fresh.stdout).not.toContain('::warning::');
  });

  it('the post step of any other command makes no request', async () => {
    const world = await startWorld();
    const post = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'x' }), { entry: 'post/index.js' });
    expect(post.code).toBe(0);
    expect(requestCount(world)).toBe(0);
  });

  it('a failed deletion in the post step is a warning that names the key, and exits 0', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('runner');
    const inputs = adminInputs(world, { command: 'ephemeral', 'service-account': 'runner' });
    const run = await runStep(inputs);
    expect(run.code).toBe(0);
    world.zenml.failNth({ n: 1, status: 403, method: 'DELETE', body: { detail: ['IllegalOperationError', 'not allowed'] } });
    const post = await runStep(inputs, { entry: 'post/index.js', state: run.state });
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(new RegExp(`^::warning::could not delete ephemeral API key '${run.outputs['api-key-name']}' .*delete it by hand`, 'm'));
    expect(world.zenml.inspectApiKey('runner', run.outputs['api-key-id']!)).toBeDefined();
    expectNoLeak(post, [run.env['ZENML_STORE_API_KEY'], ADMIN_PASSWORD, GITHUB_TOKEN]);
  });
});
