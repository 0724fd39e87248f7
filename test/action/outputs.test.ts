// Outputs and log as a newcomer reads them (issue 15): one timestamp format, the describe output of the
// keys, the log in the order things happen, and a warning when a rotation ends something early.
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/harness.ts';
import { runStep } from './harness.ts';
import { adminInputs, startWorld } from './world.ts';

const MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const warnings = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning::'));

describe('outputs and log of the action', () => {
  it('rotated-at and previous-key-valid-until have one format: ISO 8601 UTC, Z, milliseconds', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    world.zenml.seedApiKey('ci-deployer', 'github-actions');
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '30', 'secret-name': '' }));
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['rotated-at']).toMatch(MILLIS);
    expect(run.outputs['previous-key-valid-until']).toMatch(MILLIS);
    expect(Date.parse(run.outputs['previous-key-valid-until']!) - Date.parse(run.outputs['rotated-at']!)).toBe(30 * 60_000);
  });

  it('describe sets api-keys: every key with ZenML field names and the same timestamps, never a value', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const a = world.zenml.seedApiKey('ci-deployer', 'github-actions');
    world.zenml.seedApiKey('ci-deployer', 'spare', { active: false });
    const run = await runStep(adminInputs(world, { command: 'describe', 'service-account': 'ci-deployer' }));
    expect(run.code, run.stdout).toBe(0);
    const keys = JSON.parse(run.outputs['api-keys'] ?? 'null') as Array<Record<string, unknown>>;
    expect(keys.map((k) => [k['name'], k['active']])).toEqual([['github-actions', true], ['spare', false]]);
    for (const key of keys) {
      expect(Object.keys(key)).toEqual(['id', 'name', 'active', 'created', 'last_login', 'last_rotated']);
      expect(key['created']).toMatch(MILLIS);
    }
    expect(run.outputs['api-keys']).not.toContain(a.key.slice(7, 30));
  });

  it('the log says what was made before where it was stored', async () => {
    const world = await startWorld();
    const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer' }));
    expect(run.code, run.stdout).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => !l.startsWith('::')); // what the log shows without debug
    const made = lines.findIndex((l) => l.includes("created service account 'ci-deployer' and its API key 'github-actions'"));
    const stored = lines.findIndex((l) => l.includes('secret ZENML_STORE_API_KEY created in repository:acme/app'));
    expect(made).toBeGreaterThanOrEqual(0);
    expect(stored).toBeGreaterThan(made);
  });

  it('a second rotation inside the first one\'s retention window is warned about, in the log and the summary', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    world.zenml.seedApiKey('ci-deployer', 'github-actions');
    const inputs = adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '60', 'secret-name': '' });
    const first = await runStep(inputs);
    expect(first.code).toBe(0);
    expect(warnings(first.stdout)).toEqual([]);
    const second = await runStep(inputs);
    expect(second.code).toBe(0);
    const warned = warnings(second.stdout).join('\n');
    expect(warned).toMatch(/with 60 minutes of retention, until \S+Z\. This rotation ended that window at once/);
    expect(second.summary).toContain('This rotation ended that window at once');
  });

  it('retain-minutes 0 on a key that has been logging in is warned about; with retention it is not', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const held = world.zenml.seedApiKey('ci-deployer', 'github-actions');
    const login = await runCli(['token'], { ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: held.key });
    expect(login.code, login.stderr).toBe(0);
    const withRetention = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '5', 'secret-name': '' }));
    expect(warnings(withRetention.stdout).filter((w) => w.includes('retain-minutes is 0'))).toEqual([]);
    world.zenml.seedApiKey('ci-deployer', 'other');
    const other = world.zenml.seedApiKey('ci-deployer', 'used');
    await runCli(['token'], { ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: other.key });
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'api-key-name': 'used', 'secret-name': '' }));
    expect(run.code).toBe(0);
    expect(warnings(run.stdout).join('\n')).toMatch(/retain-minutes is 0, so the previous value of API key 'used' stopped working at once, and it was last used at \S+Z\./);
    expect(run.summary).toContain('retain-minutes is 0');
  });
});

describe('the CLI says the same', () => {
  it('rotate --retain 0 of a key in use warns on stderr with the flag\'s name', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const admin = world.zenml.seedApiKey('ci-deployer', 'admin').key;
    const used = world.zenml.seedApiKey('ci-deployer', 'used').key;
    await runCli(['token'], { ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: used });
    const run = await runCli(['service-account', 'api-key', 'ci-deployer', 'rotate', 'used'], { ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: admin });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/zenml-sa: warning: --retain is 0, so the previous value of API key 'used' stopped working at once/);
  });
});
