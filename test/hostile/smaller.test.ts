// The smaller things of issue 11 item 7: a rotate that fails before the rotation says in its summary that nothing
// was rotated (and does not claim it where the rotate answer was lost); a request that cleanup aborts after the run
// failed is not tried again; a malformed key given to `login` is a rejected key, not a usage error.
import { expect } from 'vitest';
import { hostileCases } from './support/cases.ts';
import { startLiar } from './support/liar.ts';
import { errorLine, runCli, runStep, startHostileWorld } from './support/world.ts';

const ROTATE = { command: 'rotate', 'api-key-name': 'github-actions', 'retain-minutes': '60' };

hostileCases(import.meta.url, {
  'rotate: GitHub refuses the public key (before the rotation)': async () => {
    const world = await startHostileWorld();
    const github = await startLiar(world.github.url);
    try {
      const before = world.zenml.inspectApiKey('ci-deployer', 'github-actions')!;
      github.lie({ method: 'GET', path: /public-key$/, lie: { kind: 'answer', status: 403, body: JSON.stringify({ message: 'Resource not accessible by personal access token' }) } });
      const run = await runStep({ ...world.inputs, ...ROTATE, 'github-api-url': github.url });
      expect(run.code).toBe(1);
      expect(world.zenml.inspectApiKey('ci-deployer', 'github-actions')!.lastRotated).toBe(before.lastRotated);
      expect(run.summary).toMatch(/\| Server \| \*\*not rotated\*\*: the API key is unchanged/);
      expect(run.summary).toMatch(/\| Secrets \| unchanged/);
      return { held: 'exit 1; the summary says not rotated and the key unchanged, as the server holds', message: errorLine(run) };
    } finally {
      await Promise.all([github.close(), world.close()]);
    }
  },
  'rotate: the rotate answer is lost (2xx without the key)': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'PUT', path: /\/rotate$/, lie: { kind: 'empty' } });
      world.liar.lie({ method: 'POST', path: /\/rotate$/, lie: { kind: 'empty' } });
      const run = await runStep({ ...world.inputs, ...ROTATE });
      expect(run.code).toBe(1);
      expect(world.liar.lied.length, 'the rotation was sent and applied').toBe(1);
      expect(run.summary).not.toMatch(/not rotated|unchanged/);
      return { held: 'exit 1; the summary does not claim the key is unchanged', message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
  'a ZenML request in flight when the run fails is aborted, not tried again': async () => {
    const world = await startHostileWorld();
    const github = await startLiar(world.github.url);
    try {
      // The account lookup hangs; meanwhile the GitHub preflight fails, and the run ends.
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts\/ci-deployer$/, lie: { kind: 'stall', forward: false } });
      github.lie({ method: 'GET', path: /public-key$/, lie: { kind: 'answer', status: 403, body: JSON.stringify({ message: 'Resource not accessible by personal access token' }) } });
      const run = await runStep({ ...world.inputs, ...ROTATE, 'github-api-url': github.url }, { env: { ACTIONS_STEP_DEBUG: 'true' } });
      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(/trying again/);
      expect(world.liar.requests.filter((r) => r.path === '/api/v1/service_accounts/ci-deployer')).toHaveLength(1);
      return { held: 'exit 1; the aborted request is sent once, and nothing says it is tried again', message: errorLine(run) };
    } finally {
      await Promise.all([github.close(), world.close()]);
    }
  },
  "cli: login --api-key garbage": async () => {
    const world = await startHostileWorld();
    try {
      const run = await runCli(['login', world.liar.url, '--api-key', 'garbage'], {});
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toMatch(/^zenml-sa: error: invalid API key: /);
      expect(run.stdout).toBe('');
      expect(world.liar.requests).toEqual([]);
      return { held: 'exit 1 (a rejected key, not a usage error), before any request; nothing on stdout', message: run.stderr.trim() };
    } finally {
      await world.close();
    }
  },
});
