import { afterEach } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.ts';
import { startFakeZenml, type FakeZenml, type Generation } from '../fakes/zenml-server.ts';

export const GITHUB_TOKEN = 'github_pat_FAKE0token0that0must0never0leak';
export const ADMIN_PASSWORD = 'admin-pass-that-must-never-leak';

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  // A test may have closed a server itself, to make it unreachable.
  await Promise.all(running.splice(0).map((s) => s.close().catch(() => undefined)));
});

/** A fake ZenML server with an admin user and a fake GitHub with acme/app (environment prod) and org acme. */
export async function startWorld(options: { generation?: Generation } = {}): Promise<{ zenml: FakeZenml; github: FakeGitHub }> {
  const zenml = await startFakeZenml({ generation: options.generation ?? '0.58', adminName: 'admin', adminPassword: ADMIN_PASSWORD });
  const github = await startFakeGitHub({
    token: GITHUB_TOKEN,
    repositories: ['acme/app', 'acme/lib', 'acme/web'],
    environments: { 'acme/app': ['prod'] },
    organizations: ['acme'],
  });
  running.push(zenml, github);
  return { zenml, github };
}

/** Inputs that authenticate as the admin user and point at both fakes. */
export function adminInputs(world: { zenml: FakeZenml; github: FakeGitHub }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'server-url': world.zenml.url,
    username: 'admin',
    password: ADMIN_PASSWORD,
    'github-token': GITHUB_TOKEN,
    'github-api-url': world.github.url,
    ...extra,
  };
}

/** Requests that reached a fake, excluding none: for "zero requests" assertions. */
export function requestCount(world: { zenml: FakeZenml; github: FakeGitHub }): number {
  return world.zenml.requests.length + world.github.requests.length;
}
