// Issue 11 item 4, through the bundled action: a key that exists is never orphaned or lost. An ephemeral key is
// known to the post step the moment it exists; the post step deletes it with the main step's credentials only;
// a create or rotate answered 2xx without the key says what happened, what still works and what to do.
import { describe, expect, it } from 'vitest';
import { expectNoLeak, runStep } from '../action/harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, requestCount, startWorld } from '../action/world.ts';
import { startKeysRelay } from './keys-relay.ts';

const errorLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
const warningLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('::warning::')) ?? '';

describe('ephemeral keys are never orphaned', () => {
  it('a key that fails its check is still deleted by the post step', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('runner');
    // The second login is the new key's check.
    world.zenml.failNth({ n: 2, status: 401, method: 'POST', path: /login$/ });
    const inputs = adminInputs(world, { command: 'ephemeral', 'service-account': 'runner' });
    const run = await runStep(inputs);
    expect(run.code).toBe(1);
    const keyId = run.state['ephemeral-key-id'];
    expect(keyId, 'the post step knows the key before its check').toBeDefined();
    expect(world.zenml.inspectApiKey('runner', keyId!)).toBeDefined();
    expect(errorLine(run.stdout)).toContain('The post step deletes it when the job ends.');

    const post = await runStep(inputs, { entry: 'post/index.js', state: run.state });
    expect(post.code).toBe(0);
    expect(world.zenml.inspectApiKey('runner', keyId!)).toBeUndefined();
    expectNoLeak(post, [run.env['ZENML_STORE_API_KEY'], ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('the post step never logs in with the exported ephemeral key', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('runner');
    const run = await runStep(adminInputs(world, { command: 'ephemeral', 'service-account': 'runner' }));
    expect(run.code).toBe(0);
    const ephemeralKey = run.env['ZENML_STORE_API_KEY']!;
    // As with `api-key: ${{ env.ZENML_STORE_API_KEY }}`: in the post step that expression is the ephemeral key.
    const postInputs = adminInputs(world, { command: 'ephemeral', 'service-account': 'runner', username: '', password: '', 'api-key': ephemeralKey });
    const before = world.zenml.requests.length;
    const post = await runStep(postInputs, { entry: 'post/index.js', state: run.state, env: { ZENML_STORE_API_KEY: ephemeralKey } });
    expect(post.code).toBe(0);
    expect(world.zenml.requests.slice(before), 'no request with the ephemeral key').toEqual([]);
    const warning = warningLine(post.stdout);
    expect(warning).toContain(`could not delete ephemeral API key '${run.state['ephemeral-key-name']}'`);
    expect(warning).toContain('the ephemeral key itself');
    expect(warning).toContain(`delete ${run.state['ephemeral-key-id']}`);
    expect(world.zenml.inspectApiKey('runner', run.state['ephemeral-key-id']!)).toBeDefined();
    expectNoLeak(post, [ephemeralKey, ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('management credentials only in ZENML_STORE_API_KEY are refused before any request', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('runner');
    const manager = world.zenml.seedApiKey('runner', 'manager').key;
    const inputs = adminInputs(world, { command: 'ephemeral', 'service-account': 'runner', username: '', password: '' });
    const run = await runStep(inputs, { env: { ZENML_STORE_API_KEY: manager } });
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toMatch(/^::error::api-key: is empty: 'ephemeral' needs its management credentials as inputs/);
    expect(requestCount(world)).toBe(0);
    expectNoLeak(run, [manager, ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('a create answered 200 without the key: the message says so, and the post step deletes the key', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('runner');
    const relay = await startKeysRelay(world.zenml.url);
    try {
      relay.trick({ method: 'POST', path: /\/api_keys$/, trick: { kind: 'strip-key' } });
      const inputs = adminInputs(world, { command: 'ephemeral', 'service-account': 'runner', 'server-url': relay.url });
      const run = await runStep(inputs);
      expect(run.code).toBe(1);
      expect(errorLine(run.stdout)).toMatch(/Ephemeral API key 'gha-4242-1-[0-9a-f]{6}' of service account 'runner' was created, but its value is lost: the server answered 200 without the key's value\. There is no key to export\. The post step deletes the key when the job ends\./);
      const keyId = run.state['ephemeral-key-id']!;
      expect(world.zenml.inspectApiKey('runner', keyId)).toBeDefined();
      const post = await runStep(inputs, { entry: 'post/index.js', state: run.state });
      expect(post.code).toBe(0);
      expect(world.zenml.inspectApiKey('runner', keyId)).toBeUndefined();
    } finally {
      await relay.close();
    }
  });
});

describe('a create or rotate answered 2xx without the key', () => {
  it('rotate: says it was rotated, that the value is lost, until when the previous key works, and what to do', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const old = world.zenml.seedApiKey('ci-deployer', 'github-actions');
    const relay = await startKeysRelay(world.zenml.url);
    try {
      relay.trick({ method: 'PUT', path: /\/rotate$/, trick: { kind: 'strip-key' } });
      const run = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '30', 'server-url': relay.url }));
      expect(run.code).toBe(1);
      const line = errorLine(run.stdout);
      expect(line).toMatch(
        /API key 'github-actions' of service account 'ci-deployer' was rotated at \S+Z, but the new key's value is lost: the server answered 200 without the key's value\. The previous key keeps working until \S+Z\. Do not rotate again: that ends the previous key at once\. Instead, before \S+Z, create a new API key under another name and store it/,
      );
      expect(line).not.toMatch(/try again|running again is safe/i);
      expect(relay.requests.filter((r) => r.endsWith('/rotate'))).toHaveLength(1);
      expect(world.zenml.keyLogsIn(old.key)).toBe(true);
      expect(world.github.requests.filter((r) => r.method === 'PUT')).toEqual([]);
      expect(run.summary).toContain('Previous key valid until');
      expectNoLeak(run, [old.key, ADMIN_PASSWORD, GITHUB_TOKEN]);
    } finally {
      await relay.close();
    }
  });

  it('create: says the key was created, that its value is lost, and what to do', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const relay = await startKeysRelay(world.zenml.url);
    try {
      relay.trick({ method: 'POST', path: /\/api_keys$/, trick: { kind: 'strip-key' } });
      const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer', 'server-url': relay.url }));
      expect(run.code).toBe(1);
      const line = errorLine(run.stdout);
      expect(line).toMatch(/API key 'github-actions' of service account 'ci-deployer' was created, but its value is lost: the server answered 200 without the key's value\. .*Delete API key 'github-actions', then create it again\./);
      expect(line).not.toMatch(/try again/i);
      expect(world.github.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    } finally {
      await relay.close();
    }
  });
});
