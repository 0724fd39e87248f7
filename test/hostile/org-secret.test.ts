// Issue 11 item 4, through the bundled action: rotating an organization secret keeps its audience. A scheduled
// rotation that names no visibility must not make a secret shared with selected repositories (set up by an earlier
// run, or by hand) private: every one of those repositories would lose the secret at its next run.
import { describe, expect, it } from 'vitest';
import { expectNoLeak, runStep } from '../action/harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN, startWorld } from '../action/world.ts';

const ORG = { organization: 'acme' };

describe('an organization secret keeps who may read it', () => {
  it('selected repositories (from an earlier run, one added by hand) survive a rotation that names no visibility', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    const created = await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer', ...ORG, visibility: 'selected', 'selected-repositories': 'app, lib' }));
    expect(created.code).toBe(0);
    const ids = ['acme/app', 'acme/lib', 'acme/web'].map((r) => world.github.repositoryId(r)!);
    // By hand, later: acme/web may read the secret too.
    const byHand = await fetch(`${world.github.url}/orgs/acme/actions/secrets/ZENML_STORE_API_KEY/repositories`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${GITHUB_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ selected_repository_ids: ids }),
    });
    expect(byHand.status).toBe(204);

    const rotated = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', ...ORG, 'retain-minutes': '10' }));
    expect(rotated.code).toBe(0);
    const secret = world.github.secret('organization:acme', 'ZENML_STORE_API_KEY')!;
    expect(secret.plaintext).toBe(rotated.env['ZENML_STORE_API_KEY']);
    expect(secret.visibility).toBe('selected');
    expect([...(secret.selectedRepositoryIds ?? [])].sort()).toEqual([...ids].sort());
    const put = world.github.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/secrets/ZENML_STORE_API_KEY')).at(-1);
    expect(put?.body).toMatchObject({ visibility: 'selected', selected_repository_ids: ids });
    expectNoLeak(rotated, [rotated.env['ZENML_STORE_API_KEY'], ADMIN_PASSWORD, GITHUB_TOKEN], { exportedKey: rotated.env['ZENML_STORE_API_KEY']! });
  });

  it("a secret shared with all repositories stays shared with all", async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    expect((await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer', ...ORG, visibility: 'all' }))).code).toBe(0);
    const rotated = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', ...ORG }));
    expect(rotated.code).toBe(0);
    expect(world.github.secret('organization:acme', 'ZENML_STORE_API_KEY')?.visibility).toBe('all');
  });

  it('a new secret without a visibility is private, and a visibility given is applied', async () => {
    const world = await startWorld();
    world.zenml.seedServiceAccount('ci-deployer');
    expect((await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer', ...ORG }))).code).toBe(0);
    expect(world.github.secret('organization:acme', 'ZENML_STORE_API_KEY')?.visibility).toBe('private');
    const widened = await runStep(adminInputs(world, { command: 'rotate', 'service-account': 'ci-deployer', ...ORG, visibility: 'selected', 'selected-repositories': 'web' }));
    expect(widened.code).toBe(0);
    const secret = world.github.secret('organization:acme', 'ZENML_STORE_API_KEY')!;
    expect(secret.visibility).toBe('selected');
    expect(secret.selectedRepositoryIds).toEqual([world.github.repositoryId('acme/web')]);
  });
});
