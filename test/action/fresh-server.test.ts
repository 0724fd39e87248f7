// A fresh ZenML server (no admin user until PUT /api/v1/activate, recorded on 0.74: T74 §2) in every
// generation: what /info says decides the message, not the login that fails for want of any user.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub } from '../fakes/github-server.ts';
import { GENERATIONS, startFakeZenml, type FakeZenml } from '../fakes/zenml-server.ts';
import { expectNoLeak, runStep } from './harness.ts';
import { ADMIN_PASSWORD, GITHUB_TOKEN } from './world.ts';

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe.each(GENERATIONS)('a %s server that is not activated yet', (generation) => {
  it('create stops with one line that says to activate it, before any change', async () => {
    const zenml: FakeZenml = await startFakeZenml({ generation, activated: false });
    const github = await startFakeGitHub({ token: GITHUB_TOKEN, repositories: ['acme/app'] });
    running.push(zenml, github);
    const run = await runStep({
      command: 'create',
      'server-url': zenml.url,
      username: 'admin',
      password: ADMIN_PASSWORD,
      'service-account': 'ci-deployer',
      'github-token': GITHUB_TOKEN,
      'github-api-url': github.url,
    });
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`the ZenML server at ${zenml.url} is not activated yet: activate it (create its admin user) first`);
    expect(run.stdout).not.toContain('answered 401');
    expect(zenml.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /api/v1/info', 'POST /api/v1/login']);
    expect(zenml.inspectServiceAccount('ci-deployer')).toBeUndefined();
    expect(run.env).toEqual({});
    expectNoLeak(run, [ADMIN_PASSWORD, GITHUB_TOKEN]);
  });
});
