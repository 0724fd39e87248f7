// Issue 11 item 4, through the bundled action: a job cancelled at the worst moment. The runner sends the step's node
// process SIGINT, then SIGTERM 7.5 s later, then kills it 2.5 s after that (src/action/cancellation.ts cites where).
// A relay holds the chosen request so that the signal lands exactly there: before the rotation, while it is in
// flight, while storing.
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectNoLeak, runStep, type StepRun } from '../action/harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, startWorld } from '../action/world.ts';
import { startKeysRelay } from './keys-relay.ts';

const errorLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
const NOTICE = 'The job is being cancelled (SIGINT).';

/** The key is masked before the step says anything more (the cancellation notice may come before the key exists). */
function expectMaskedBeforeReport(run: StepRun, key: string): void {
  const lines = run.stdout.split('\n');
  const maskAt = lines.indexOf(`::add-mask::${key}`);
  expect(maskAt, 'the new key was never masked').toBeGreaterThanOrEqual(0);
  expect(maskAt).toBeLessThan(lines.findIndex((line) => line.startsWith('::error::')));
}

/** Resolves when the child has printed `text` (or ended). */
function printed(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    child.on('close', () => resolve());
  });
}

async function rotateWorld() {
  const world = await startWorld();
  world.zenml.seedServiceAccount('ci-deployer');
  const old = world.zenml.seedApiKey('ci-deployer', 'github-actions');
  const zenmlRelay = await startKeysRelay(world.zenml.url);
  const githubRelay = await startKeysRelay(world.github.url);
  const inputs = adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '30', 'server-url': zenmlRelay.url, 'github-api-url': githubRelay.url });
  const close = () => Promise.all([zenmlRelay.close(), githubRelay.close()]);
  return { world, old, zenmlRelay, githubRelay, inputs, close };
}

describe('a cancelled job', () => {
  it('before the rotation: the signal stops the run, and nothing changed', async () => {
    const { world, old, githubRelay, inputs, close } = await rotateWorld();
    try {
      const held = githubRelay.trick({ method: 'GET', path: /public-key$/, trick: { kind: 'hold', forward: false } });
      const run = await runStep(inputs, { onSpawn: (child) => void held.arrived.then(() => child.kill('SIGINT')) });
      held.release();
      expect(run.code).toBe(1);
      expect(errorLine(run.stdout)).toBe('::error::The job was cancelled (SIGINT) before the rotation. Nothing changed: no key was created or rotated, and nothing was stored.');
      expect(world.zenml.requests.filter((r) => r.path.endsWith('/rotate'))).toEqual([]);
      expect(world.zenml.inspectApiKey('ci-deployer', 'github-actions')?.rotations).toBe(0);
      expect(world.zenml.keyLogsIn(old.key)).toBe(true);
      expect(run.env).toEqual({});
      expect(run.summary).toContain('cancelled (SIGINT) before the rotation');
      expectNoLeak(run, [old.key, ADMIN_PASSWORD, GITHUB_TOKEN]);
    } finally {
      await close();
    }
  });

  it('while the rotate is in flight: the answer is awaited, and the key is masked, exported and stored', async () => {
    const { world, old, zenmlRelay, inputs, close } = await rotateWorld();
    try {
      const held = zenmlRelay.trick({ method: 'PUT', path: /\/rotate$/, trick: { kind: 'hold' } });
      const run = await runStep(inputs, {
        onSpawn: (child) => {
          const noticed = printed(child, NOTICE);
          void held.arrived.then(() => child.kill('SIGINT'));
          void noticed.then(() => held.release());
        },
      });
      expect(run.code).toBe(1);
      const key = run.env['ZENML_STORE_API_KEY']!;
      expect(key).toMatch(/^ZENKEY_/);
      expectMaskedBeforeReport(run, key);
      expect(world.zenml.keyLogsIn(key)).toBe(true);
      expect(world.zenml.keyLogsIn(old.key), 'the previous key keeps its retention').toBe(true);
      expect(world.github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
      expect(errorLine(run.stdout)).toMatch(
        /^::error::The job was cancelled \(SIGINT\) while this step ran, but the step finished first: rotated API key 'github-actions' of service account 'ci-deployer'; the previous key stays valid until \S+Z\. The new key was stored in repository:acme\/app\. The new key is exported as ZENML_STORE_API_KEY for the rest of this job\.$/,
      );
      expect(run.summary).toMatch(/Secrets written \| `repository:acme\/app ZENML_STORE_API_KEY` \(created\)/);
      expectNoLeak(run, [key, old.key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key });
    } finally {
      await close();
    }
  });

  it('while storing (SIGINT, then SIGTERM): the key is exported, and the error and summary say what each target holds', async () => {
    const { world, old, githubRelay, inputs, close } = await rotateWorld();
    try {
      const held = githubRelay.trick({ method: 'PUT', path: /\/secrets\/ZENML_STORE_API_KEY$/, trick: { kind: 'hold', forward: false } });
      const run = await runStep(inputs, {
        onSpawn: (child) => {
          const noticed = printed(child, NOTICE);
          void held.arrived.then(() => child.kill('SIGINT'));
          // As the runner does when SIGINT did not end the process: SIGTERM, which brings the report forward.
          void noticed.then(() => child.kill('SIGTERM'));
        },
      });
      held.release();
      expect(run.code).toBe(1);
      const key = run.env['ZENML_STORE_API_KEY']!;
      expect(key).toMatch(/^ZENKEY_/);
      expectMaskedBeforeReport(run, key);
      expect(world.zenml.keyLogsIn(key)).toBe(true);
      expect(world.zenml.keyLogsIn(old.key)).toBe(true);
      expect(world.github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')).toBeUndefined();
      expect(errorLine(run.stdout)).toMatch(
        /^::error::The job was cancelled \(SIGINT\) after API key 'github-actions' of service account 'ci-deployer' was rotated at \S+Z\. The previous key stays valid until \S+Z\. Storing it in repository:acme\/app had not finished: that target may hold the new key or still the previous one\. Do not rotate again: that ends the previous key at once\./,
      );
      expect(errorLine(run.stdout)).toContain('The new key is exported as ZENML_STORE_API_KEY for the rest of this job.');
      expect(run.summary).toMatch(/Secrets not written \| `repository:acme\/app \(not known to hold the new key/);
      expect(run.summary).toMatch(/Previous key valid until \| `\S+Z`/);
      expectNoLeak(run, [key, old.key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key });
    } finally {
      await close();
    }
  });

  it('ephemeral, while the key is being created: the post step still deletes it', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('runner');
    const relay = await startKeysRelay(world.zenml.url);
    try {
      const inputs = adminInputs(world, { command: 'ephemeral', 'service-account': 'runner', 'server-url': relay.url });
      const held = relay.trick({ method: 'POST', path: /\/api_keys$/, trick: { kind: 'hold' } });
      const run = await runStep(inputs, {
        onSpawn: (child) => {
          const noticed = printed(child, NOTICE);
          void held.arrived.then(() => child.kill('SIGINT'));
          void noticed.then(() => held.release());
        },
      });
      expect(run.code).toBe(1);
      const key = run.env['ZENML_STORE_API_KEY']!;
      expect(key).toMatch(/^ZENKEY_/);
      expect(errorLine(run.stdout)).toContain('The job was cancelled (SIGINT) while this step ran, but the step finished first: created ephemeral API key');
      const keyId = run.state['ephemeral-key-id']!;
      expect(world.zenml.inspectApiKey('runner', keyId)).toBeDefined();
      const post = await runStep(inputs, { entry: 'post/index.js', state: run.state });
      expect(post.code).toBe(0);
      expect(world.zenml.inspectApiKey('runner', keyId)).toBeUndefined();
      expectNoLeak(run, [key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key });
    } finally {
      await relay.close();
    }
  });
});
