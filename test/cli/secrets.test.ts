import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, expectError, expectNotOnStderr, GITHUB_TOKEN, keyFrom, requireCli, runCli, startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  requireCli();
  world = await startWorld();
});
afterAll(() => world.close());

describe('secret set', () => {
  it('stores stdin with one trailing newline dropped, sealed for the target', async () => {
    const run = await runCli(['secret', 'set', 'zenml_store_url', '--repository', 'acme/app,acme/lib'], world.env, 'https://zenml.example.com\n\n');
    expect(run.code, run.stderr).toBe(0);
    expect(world.github.secret('repository:acme/app', 'ZENML_STORE_URL')?.plaintext).toBe('https://zenml.example.com\n');
    expect(world.github.secret('repository:acme/lib', 'ZENML_STORE_URL')?.plaintext).toBe('https://zenml.example.com\n');
    expect(run.stdout).toMatch(/repository:acme\/app\s+ZENML_STORE_URL\s+created/);
    expect(run.stderr).not.toContain(GITHUB_TOKEN);
  });

  it('--json reports each target; environments and organizations work', async () => {
    const env = await runCli(['secret', 'set', 'TOKEN_X', '--repository', 'acme/app', '--environment', 'prod', '--json'], world.env, 's3cret-value');
    expect(env.code, env.stderr).toBe(0);
    expect(JSON.parse(env.stdout)).toEqual([{ target: 'environment:acme/app/prod', secret: 'TOKEN_X', result: 'created' }]);
    expect(world.github.secret('environment:acme/app/prod', 'TOKEN_X')?.plaintext).toBe('s3cret-value');
    expect(env.stderr).not.toContain('s3cret-value');

    const org = await runCli(['secret', 'set', 'TOKEN_X', '--organization', 'acme', '--visibility', 'selected', '--selected-repositories', 'app', '--json'], world.env, 'v2\r\n');
    expect(org.code, org.stderr).toBe(0);
    expect(world.github.secret('organization:acme', 'TOKEN_X')).toMatchObject({ plaintext: 'v2', visibility: 'selected', selectedRepositoryIds: [world.github.repositoryId('acme/app')] });
  });

  it('takes GH_TOKEN and --github-api-url; a GitHub refusal is exit 1 without the token', async () => {
    const ok = await runCli(['secret', 'set', 'A_B', '--repository', 'acme/app', '--github-api-url', world.github.url], { GH_TOKEN: GITHUB_TOKEN }, 'x');
    expect(ok.code, ok.stderr).toBe(0);
    const bad = await runCli(['secret', 'set', 'A_B', '--repository', 'acme/app'], { ...world.env, GITHUB_TOKEN: 'ghp_wrong0token0that0must0not0leak00000' }, 'x');
    expectError(bad, 1);
    expect(bad.stderr).not.toContain('ghp_wrong0token');
  });
});

describe('--secret-name stores a new key in the same step', () => {
  it('rotate stores the new key, still prints it once, and the old key dies (retain 0)', async () => {
    const old = world.zenml.seedApiKey('ci', 'deploy').key;
    const run = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'deploy', '--secret-name', 'ZENML_STORE_API_KEY', '--repository', 'acme/app', '--environment', 'prod'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const key = keyFrom(run);
    expect(world.github.secret('environment:acme/app/prod', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
    expect(run.stderr).toMatch(/ZENML_STORE_API_KEY created in environment:acme\/app\/prod/);
    expect(world.zenml.keyLogsIn(old)).toBe(false);
    expectNotOnStderr(run, [key, old, world.adminKey, GITHUB_TOKEN]);
  });

  it('api-key create stores the key; --json lists secrets_updated', async () => {
    const run = await runCli(['service-account', 'api-key', 'ci', 'create', 'stored', '--secret-name', 'K1', '--repository', 'acme/lib', '--json'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { key: string; secrets_updated: unknown };
    expect(out.secrets_updated).toEqual([{ target: 'repository:acme/lib', secret: 'K1', result: 'created' }]);
    expect(world.github.secret('repository:acme/lib', 'K1')?.plaintext).toBe(out.key);
    expect(count(run.stdout, out.key)).toBe(1);
  });

  it('service-account create stores the default key', async () => {
    const run = await runCli(['service-account', 'create', 'stored-sa', '--secret-name', 'K2', '--repository', 'acme/app'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const key = keyFrom(run);
    expect(world.github.secret('repository:acme/app', 'K2')?.plaintext).toBe(key);
    expect(world.zenml.inspectApiKey('stored-sa', 'default')).toBeDefined();
  });

  it('a target that cannot be written is found before anything is created (exit 1, nothing made)', async () => {
    const run = await runCli(['service-account', 'create', 'never', '--secret-name', 'K3', '--repository', 'acme/missing'], world.env);
    expectError(run, 1, /acme\/missing/);
    expect(world.zenml.inspectServiceAccount('never')).toBeUndefined();
    const before = world.zenml.inspectApiKey('ci', 'deploy');
    const rotate = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'deploy', '--secret-name', 'K3', '--repository', 'acme/missing'], world.env);
    expectError(rotate, 1);
    expect(world.zenml.inspectApiKey('ci', 'deploy')?.rotations).toBe(before?.rotations);
  });

  it('when storing fails after the rotation, the new key is still printed on stdout, and the exit code is 1', async () => {
    world.github.fail({ method: 'PUT', path: /\/secrets\/K4$/, times: 10, fault: { kind: 'integration-forbidden' } });
    const run = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'deploy', '--secret-name', 'K4', '--repository', 'acme/app'], world.env);
    world.github.clearFaults();
    expectError(run, 1, /printed on stdout/);
    const key = keyFrom(run);
    expect(world.zenml.keyLogsIn(key)).toBe(true);
    expectNotOnStderr(run, [key, world.adminKey, GITHUB_TOKEN]);
  });

  it('inside GitHub Actions the key is masked before anything else, then printed once', async () => {
    const run = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'deploy', '--secret-name', 'K5', '--repository', 'acme/app'], { ...world.env, GITHUB_ACTIONS: 'true' });
    expect(run.code, run.stderr).toBe(0);
    // stdout is the key alone (NEW=$(…) captures it); the masks come first, on stderr.
    const key = keyFrom(run);
    expect(run.stderr.split('\n')[0]).toBe(`::add-mask::${key}`);
    expect(world.github.secret('repository:acme/app', 'K5')?.plaintext).toBe(key);
  });
});
