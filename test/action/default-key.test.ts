// The key `create` and `rotate` act on when api-key-name is empty is 'github-actions', not ZenML's
// 'default' (that one belongs to whoever ran `zenml service-account create`). When it is missing, both
// faces name the keys the account has, and the action says how to pick one.
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/harness.ts';
import { expectNoLeak, runStep } from './harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, startWorld } from './world.ts';

describe('rotating an account made by ZenML\'s CLI (its key is named default)', () => {
  it('the action fails before any rotation, names the keys and says to set api-key-name', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('made-by-zenml');
    world.zenml.seedApiKey('made-by-zenml', 'default');
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'made-by-zenml' }));
    expect(run.code).toBe(1);
    const error = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
    expect(error).toContain("service account 'made-by-zenml' has no API key 'github-actions'. Its keys: 'default'.");
    expect(error).toContain("With api-key-name empty, 'rotate' acts on the key 'github-actions'. Set api-key-name: default");
    expect(error).not.toMatch(/404 404|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(world.zenml.requests.some((r) => r.path.endsWith('/rotate'))).toBe(false);
    expect(world.zenml.inspectApiKey('made-by-zenml', 'default')?.rotations).toBe(0);
    expectNoLeak(run, [ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('with api-key-name: default it rotates that key', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('made-by-zenml');
    world.zenml.seedApiKey('made-by-zenml', 'default');
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'made-by-zenml', 'api-key-name': 'default' }));
    expect(run.code, run.stdout).toBe(0);
    expect(world.zenml.inspectApiKey('made-by-zenml', 'default')?.rotations).toBe(1);
  });

  it('a key name that was given but does not exist lists the keys too, without the default-name advice', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('two-keys');
    world.zenml.seedApiKey('two-keys', 'default');
    world.zenml.seedApiKey('two-keys', 'deploy');
    const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'two-keys', 'api-key-name': 'deploi' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("service account 'two-keys' has no API key 'deploi'. Its keys: 'default', 'deploy'.");
    expect(run.stdout).not.toContain('With api-key-name empty');
  });

  it('the CLI says the same for a KEY argument that names no key', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('made-by-zenml');
    const key = world.zenml.seedApiKey('made-by-zenml', 'default').key;
    const env = { ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: key };
    for (const verb of ['rotate', 'describe', 'delete']) {
      const run = await runCli(['service-account', 'api-key', 'made-by-zenml', verb, 'github-actions', '--yes'].filter((w) => verb === 'delete' || w !== '--yes'), env);
      expect(run.code, verb).toBe(1);
      expect(run.stderr, verb).toContain("service account 'made-by-zenml' has no API key 'github-actions'. Its keys: 'default'.");
    }
  });
});
