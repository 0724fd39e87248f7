import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, expectError, expectNotOnStderr, keyFrom, requireCli, runCli, startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  requireCli();
  world = await startWorld();
});
afterAll(() => world.close());

const ACCOUNT_FIELDS = ['id', 'name', 'active', 'description', 'created', 'updated'];
const KEY_FIELDS = [...ACCOUNT_FIELDS, 'last_login', 'last_rotated', 'retain_period_minutes', 'service_account'];

describe('service-account', () => {
  it("create makes the account and a key 'default', printed once on stdout", async () => {
    const run = await runCli(['service-account', 'create', 'deployer', '--description', 'Deploys'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const key = keyFrom(run);
    expect(run.stdout).toBe(`${key}\n`);
    expect(run.stderr).toContain("Created service account 'deployer'");
    expectNotOnStderr(run, [key, world.adminKey]);
    expect(world.zenml.inspectServiceAccount('deployer')).toMatchObject({ description: 'Deploys', active: true, keys: ['default'] });
    expect(world.zenml.inspectApiKey('deployer', 'default')?.description).toBe('Default API key.');
    expect(world.zenml.keyLogsIn(key)).toBe(true);
  });

  it('create --json has ZenML field names and the key once; --create-api-key false makes none', async () => {
    const run = await runCli(['service-account', 'create', 'builder', '--json'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown> & { api_key: Record<string, unknown> };
    expect(Object.keys(out)).toEqual(expect.arrayContaining(ACCOUNT_FIELDS));
    expect(Object.keys(out.api_key)).toEqual(expect.arrayContaining([...KEY_FIELDS, 'key']));
    expect(out.api_key['name']).toBe('default');
    expect(count(run.stdout, out.api_key['key'] as string)).toBe(1);

    const bare = await runCli(['service-account', 'create', 'reader', '--create-api-key', 'no', '--json'], world.env);
    expect(bare.code, bare.stderr).toBe(0);
    const account = JSON.parse(bare.stdout) as Record<string, unknown>;
    expect(Object.keys(account).sort()).toEqual([...ACCOUNT_FIELDS].sort());
    expect(world.zenml.inspectServiceAccount('reader')?.keys).toEqual([]);
  });

  it('create of an existing account fails with exit 1', async () => {
    const run = await runCli(['service-account', 'create', 'ci'], world.env);
    expectError(run, 1, /ci/);
    expect(run.stdout).toBe('');
  });

  it('list shows every page, as a table and as JSON', async () => {
    for (let i = 0; i < 105; i++) world.zenml.seedServiceAccount(`bulk-${String(i).padStart(3, '0')}`);
    const json = await runCli(['service-account', 'list', '--json'], world.env);
    expect(json.code, json.stderr).toBe(0);
    const names = (JSON.parse(json.stdout) as Array<{ name: string }>).map((a) => a.name);
    expect(names.filter((n) => n.startsWith('bulk-'))).toHaveLength(105);
    const table = await runCli(['service-account', 'list'], world.env);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+ACTIVE\s+DESCRIPTION$/);
    expect(table.stdout).toContain('bulk-104');
    expect(table.stdout).toMatch(/ci\s+true\s+CI deployer/);
  });

  it('list filters by --name and --active', async () => {
    const run = await runCli(['service-account', 'list', '--name', 'deployer', '--json'], world.env);
    expect((JSON.parse(run.stdout) as Array<{ name: string }>).map((a) => a.name)).toEqual(['deployer']);
    const none = await runCli(['service-account', 'list', '--name', 'nobody'], world.env);
    expect(none.stdout).toBe('No service accounts found for the given filters.\n');
  });

  it('describe shows a table, or JSON with ZenML field names', async () => {
    const table = await runCli(['service-account', 'describe', 'ci'], world.env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Service account 'ci'\n/);
    expect(table.stdout).toMatch(/DESCRIPTION\s+CI deployer/);
    const json = await runCli(['service-account', 'describe', 'ci', '--json'], world.env);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'ci', active: true, description: 'CI deployer' });
  });

  it('update --active false deactivates at once, --active true reactivates, --name renames', async () => {
    const off = await runCli(['service-account', 'update', 'deployer', '--active', 'false', '--json'], world.env);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ name: 'deployer', active: false });
    expect(world.zenml.inspectServiceAccount('deployer')?.active).toBe(false);
    const on = await runCli(['service-account', 'update', 'deployer', '--active', 'true', '-d', 'Deploys more'], world.env);
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/ACTIVE\s+true/);
    expect(world.zenml.inspectServiceAccount('deployer')).toMatchObject({ active: true, description: 'Deploys more' });
    const renamed = await runCli(['service-account', 'update', 'builder', '--name', 'builder2'], world.env);
    expect(renamed.code).toBe(0);
    expect(world.zenml.inspectServiceAccount('builder2')).toBeDefined();
  });

  it('delete needs no confirmation off a terminal; a missing account is exit 1', async () => {
    const run = await runCli(['service-account', 'delete', 'reader', '--json'], world.env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'reader' });
    expect(world.zenml.inspectServiceAccount('reader')).toBeUndefined();
    expectError(await runCli(['service-account', 'delete', 'reader', '--yes'], world.env), 1, /reader/);
  });
});

describe('service-account api-key', () => {
  it('create prints the key once; --json has the record and the key', async () => {
    const run = await runCli(['service-account', 'api-key', 'ci', 'create', 'gha', '-d', 'for GitHub'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const key = keyFrom(run);
    expectNotOnStderr(run, [key, world.adminKey]);
    expect(world.zenml.inspectApiKey('ci', 'gha')?.description).toBe('for GitHub');
    expect(world.zenml.keyLogsIn(key)).toBe(true);

    const json = await runCli(['service-account', 'api-key', 'ci', 'create', 'gha2', '--json'], world.env);
    const out = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(expect.arrayContaining([...KEY_FIELDS, 'key']));
    expect(out).toMatchObject({ name: 'gha2', service_account: { name: 'ci' } });
    expect(count(json.stdout, out['key'] as string)).toBe(1);
  });

  it('create fails with exit 1 for an existing key or a missing account, and makes nothing', async () => {
    expectError(await runCli(['service-account', 'api-key', 'ci', 'create', 'gha'], world.env), 1, /already exists/);
    expectError(await runCli(['service-account', 'api-key', 'nobody', 'create', 'k'], world.env), 1, /nobody/);
    expect(world.zenml.inspectServiceAccount('nobody')).toBeUndefined();
  });

  it('list and describe never show a key value', async () => {
    const table = await runCli(['service-account', 'api-key', 'ci', 'list'], world.env);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+ACTIVE\s+DESCRIPTION\s+LAST_LOGIN\s+LAST_ROTATED$/);
    expect(table.stdout).toMatch(/gha\s+true\s+for GitHub/);
    const json = await runCli(['service-account', 'api-key', 'ci', 'list', '--json'], world.env);
    const keys = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(keys.map((k) => k['name'])).toEqual(expect.arrayContaining(['default', 'gha', 'gha2']));
    for (const k of keys) expect(Object.keys(k).sort()).toEqual([...KEY_FIELDS].sort());
    const described = await runCli(['service-account', 'api-key', 'ci', 'describe', 'gha', '--json'], world.env);
    expect(JSON.parse(described.stdout)).toMatchObject({ name: 'gha', active: true, description: 'for GitHub', service_account: { name: 'ci' } });
    const describedTable = await runCli(['service-account', 'api-key', 'ci', 'describe', 'gha'], world.env);
    expect(describedTable.stdout).toMatch(/^API key 'gha'\n/);
    expect(describedTable.stdout).not.toContain('ZENKEY_');
  });

  it('rotate prints the new key once; --retain keeps the old one valid; default retain is 0', async () => {
    const old = world.zenml.seedApiKey('ci', 'rot').key;
    const run = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'rot', '--retain', '30'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const key = keyFrom(run);
    expect(key).not.toBe(old);
    expect(run.stderr).toMatch(/remain valid for 30 minutes/);
    expectNotOnStderr(run, [key, old, world.adminKey]);
    expect(world.zenml.inspectApiKey('ci', 'rot')).toMatchObject({ retainPeriodMinutes: 30, previousSecretValid: true, rotations: 1 });
    expect(world.zenml.keyLogsIn(old)).toBe(true);

    const again = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'rot', '--json'], world.env);
    expect(again.code, again.stderr).toBe(0);
    const out = JSON.parse(again.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'rot', retain_period_minutes: 0 });
    expect(count(again.stdout, out['key'] as string)).toBe(1);
    expect(world.zenml.keyLogsIn(key)).toBe(false);
    expect(world.zenml.keyLogsIn(out['key'] as string)).toBe(true);
  });

  it('update --active false stops the key at once; --active true brings it back', async () => {
    const key = world.zenml.seedApiKey('ci', 'toggle').key;
    const off = await runCli(['service-account', 'api-key', 'ci', 'update', 'toggle', '--active', 'off', '--json'], world.env);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ name: 'toggle', active: false });
    expect(world.zenml.keyLogsIn(key)).toBe(false);
    // Changing only the description keeps it inactive (0.58 re-activates a key whose update omits active).
    const described = await runCli(['service-account', 'api-key', 'ci', 'update', 'toggle', '-d', 'paused'], world.env);
    expect(described.code).toBe(0);
    expect(world.zenml.inspectApiKey('ci', 'toggle')).toMatchObject({ active: false, description: 'paused' });
    const on = await runCli(['service-account', 'api-key', 'ci', 'update', 'toggle', '--active', 'yes'], world.env);
    expect(on.code).toBe(0);
    expect(world.zenml.keyLogsIn(key)).toBe(true);
  });

  it('delete removes the key; a missing key is exit 1', async () => {
    const run = await runCli(['service-account', 'api-key', 'ci', 'delete', 'toggle'], world.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("Deleted API key 'toggle'");
    expect(world.zenml.inspectApiKey('ci', 'toggle')).toBeUndefined();
    expectError(await runCli(['service-account', 'api-key', 'ci', 'delete', 'toggle', '-y'], world.env), 1, /toggle/);
  });

  it('username and password win over the API key', async () => {
    const run = await runCli(['service-account', 'api-key', 'ci', 'list', '--json'], { ...world.env, ZENML_STORE_USERNAME: 'default', ZENML_STORE_PASSWORD: '' });
    expect(run.code, run.stderr).toBe(0);
    const login = world.zenml.requests.filter((r) => r.path === '/api/v1/login').at(-1);
    expect(login?.body).toContain('grant_type=password');
  });
});
