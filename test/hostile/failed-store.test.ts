// Issue 11 item 4, through the bundled action: after a failed store with retention, the advice (message, summary,
// README) and the automatic recovery keep the previous key alive. ZenML keeps one previous key, so "run the rotation
// again" would end the key that the unwritten secret still holds: a user who follows the message must keep zero
// downtime.
import { describe, expect, it } from 'vitest';
import { expectNoLeak, runStep } from '../action/harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, startWorld } from '../action/world.ts';

const errorLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
const warningLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('::warning::')) ?? '';
const SECRET = { target: 'repository:acme/app', name: 'ZENML_STORE_API_KEY' };

/** `stale-key`: GitHub refuses the sealed value (its public key changed meanwhile), a failure the post step heals. */
async function failedRotation(fault: 'stale-key' | 'forbidden') {
  const world = await startWorld();
  world.zenml.seedServiceAccount('ci-deployer');
  const old = world.zenml.seedApiKey('ci-deployer', 'github-actions');
  const inputs = adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', 'retain-minutes': '60' });
  world.github.fail({ method: 'PUT', path: /\/secrets\/ZENML_STORE_API_KEY$/, times: 1000, fault: fault === 'stale-key' ? { kind: 'status', status: 422, message: 'Bad request - validation failed due to an improperly encrypted secret' } : { kind: 'integration-forbidden' } });
  const run = await runStep(inputs);
  return { world, old, inputs, run };
}

describe('a failed store with retention keeps the previous key alive', () => {
  it('the message says to store the new key, never to rotate again; the post step stores it once GitHub is back', async () => {
    const { world, old, inputs, run } = await failedRotation('stale-key');
    expect(run.code).toBe(1);
    const key = run.env['ZENML_STORE_API_KEY']!;
    const line = errorLine(run.stdout);
    expect(line).toMatch(/was rotated at \S+Z\. The previous key stays valid until \S+Z\. Storing the new key failed: /);
    expect(line).toContain('Do not rotate again: that ends the previous key at once');
    expect(line).toContain("This action's post step stores it again when the job ends");
    expect(line).not.toMatch(/run the rotation again|rotate it again/i);
    expectNoLeak(run, [key, old.key, ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: key });

    // The user follows the message: nothing to do but let the job end; by then GitHub takes the value.
    world.github.clearFaults();
    const post = await runStep(inputs, { entry: 'post/index.js', state: run.state, env: { ZENML_STORE_API_KEY: key } });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain("The post step stored the new value of API key 'github-actions' of service account 'ci-deployer' in repository:acme/app");
    expect(world.github.secret(SECRET.target, SECRET.name)?.plaintext).toBe(key);
    expect(world.zenml.keyLogsIn(old.key), 'the previous key still works inside its retention window').toBe(true);
    expect(world.zenml.keyLogsIn(key)).toBe(true);
    expect(world.zenml.inspectApiKey('ci-deployer', 'github-actions')?.rotations).toBe(1);
    expectNoLeak(post, [key, old.key, ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('when the post step fails too, following its advice keeps zero downtime', async () => {
    const { world, old, inputs, run } = await failedRotation('forbidden');
    expect(run.code).toBe(1);
    const key = run.env['ZENML_STORE_API_KEY']!;
    const post = await runStep(inputs, { entry: 'post/index.js', state: run.state, env: { ZENML_STORE_API_KEY: key } });
    expect(post.code).toBe(0);
    const warning = warningLine(post.stdout);
    expect(warning).toMatch(/the post step could not store API key 'github-actions' of service account 'ci-deployer' again either: .*The new value is lost when this job ends, and repository:acme\/app still holds the previous key, valid until \S+Z\. Do not rotate 'github-actions' again: that ends the previous key at once\. Instead, before \S+Z, fix the cause, then run 'create' with another api-key-name and the same secret-name/);
    expect(world.zenml.keyLogsIn(old.key)).toBe(true);

    // The user follows the advice: the token is fixed, then `create` under another name, same secret.
    world.github.clearFaults();
    const created = await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer', 'api-key-name': 'github-actions-2' }));
    expect(created.code).toBe(0);
    const replacement = created.env['ZENML_STORE_API_KEY']!;
    expect(world.github.secret(SECRET.target, SECRET.name)?.plaintext).toBe(replacement);
    expect(world.zenml.keyLogsIn(replacement)).toBe(true);
    expect(world.zenml.keyLogsIn(old.key), 'no moment without a working stored key: the previous key still works').toBe(true);
    expect(world.zenml.inspectApiKey('ci-deployer', 'github-actions')?.rotations).toBe(1);
    expectNoLeak(post, [key, old.key, ADMIN_PASSWORD, GITHUB_TOKEN]);
  });

  it('the post step stores nothing when ZENML_STORE_API_KEY no longer holds the new key', async () => {
    const { world, old, inputs, run } = await failedRotation('stale-key');
    world.github.clearFaults();
    const before = world.github.requests.length;
    const post = await runStep(inputs, { entry: 'post/index.js', state: run.state, env: { ZENML_STORE_API_KEY: old.key } });
    expect(post.code).toBe(0);
    expect(world.github.requests.length).toBe(before);
    expect(warningLine(post.stdout)).toContain('ZENML_STORE_API_KEY no longer holds the new key');
    expectNoLeak(post, [run.env['ZENML_STORE_API_KEY'], old.key, ADMIN_PASSWORD, GITHUB_TOKEN]);
  });
});
