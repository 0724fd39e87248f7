// What the CLI's messages name (issue 15): the flag, argument or variable the user gave, not the action's
// input names; the usual URL mistakes with a hint; sentences that do not run together.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSentences } from '../support/sentences.ts';
import { expectError, expectNotOnStderr, requireCli, runCli, startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  requireCli();
  world = await startWorld();
});
afterAll(() => world.close());

describe('messages of the CLI', () => {
  it('a GitHub token that GitHub rejects is named as the variable it came from', async () => {
    world.zenml.seedApiKey('ci', 'gh-rejected');
    const env = { ...world.env, GITHUB_TOKEN: 'ghp_wrong0token0000000000000000000000000' };
    const run = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'gh-rejected', '--secret-name', 'X', '--repository', 'acme/app'], env);
    expectError(run, 1, /\$GITHUB_TOKEN is wrong, expired or revoked/);
    expect(run.stderr).not.toContain('github-token');
    expect(world.zenml.inspectApiKey('ci', 'gh-rejected')?.rotations).toBe(0);
  });

  it('a key that exists already points to the CLI\'s rotate and its KEY argument, not to api-key-name', async () => {
    world.zenml.seedApiKey('ci', 'taken');
    const run = await runCli(['service-account', 'api-key', 'ci', 'create', 'taken'], world.env);
    expectError(run, 1, /already exists: use 'zenml-sa service-account api-key SA rotate taken' to give it a new value, or another KEY/);
    expect(run.stderr).not.toContain('api-key-name');
  });

  it('a repository flag in the wrong shape is named as the flag', async () => {
    const run = await runCli(['secret', 'set', 'X', '--repository', 'not a repo'], world.env, 'v');
    expectError(run, 2, /^zenml-sa: error: --repository: /);
  });

  it('a --url ending in /api/v1 is refused before any request, with the root URL to use', async () => {
    const before = world.zenml.requests.length;
    const run = await runCli(['service-account', 'list', '--url', `${world.zenml.url}/api/v1/`], world.env);
    expectError(run, 2, /ends in \/api\/v1, which is added to every request: give the server's root URL, http:\/\/127\.0\.0\.1:\d+ /);
    expect(world.zenml.requests.length).toBe(before);
  });

  it('https:// to a plain-HTTP port says so', async () => {
    const plain = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const run = await runCli(['service-account', 'list', '--url', url], world.env);
      expectError(run, 1, /the server answered in plain HTTP, not TLS/);
      expect(run.stderr).not.toMatch(/EPROTO|wrong version number/);
    } finally {
      plain.close();
    }
  });

  it('a failed store after rotate keeps its sentences apart, and says where the key went', async () => {
    world.zenml.seedApiKey('ci', 'store-fails');
    world.github.fail({ method: 'PUT', fault: { kind: 'integration-forbidden' } });
    const run = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'store-fails', '--secret-name', 'X', '--repository', 'acme/app'], world.env);
    expectError(run, 1, /\. The new key was printed on stdout: keep it, it is shown only this once\.$/);
    expectSentences(run.stderr.trim().split('\n').at(-1)!);
    const key = run.stdout.trim();
    expect(key).toMatch(/^ZENKEY_/);
    expectNotOnStderr(run, [key]);
  });
});
