// Text from outside (server names, descriptions, ids, dates, error details; inputs) never becomes a workflow
// command: the bundled action and CLI against a server that hides `::set-output`, `::save-state`,
// `::stop-commands`, `::add-mask` and the legacy `##[…]` form in every value it returns. And the post step
// cannot be steered: a state that names another key deletes nothing.
import { expect } from 'vitest';
import { hostileCases } from './support/cases.ts';
import { injected, MARK, rewriteFields } from './support/payloads.ts';
import { errorLine, expectNoInjectedCommand, runCli, runStep, startHostileWorld } from './support/world.ts';

// What the server describes (not what it is looked up by): its version, and the fields of the keys it lists.
const FIELDS = ['name', 'description', 'id', 'created', 'updated', 'last_login', 'last_rotated', 'version'];
const everyField = { kind: 'rewrite', edit: (json: unknown) => rewriteFields(json, FIELDS, (old) => injected(old)) } as const;
// The account is looked up by name and then used by id: keep its id, lie about everything else.
const accountFields = { kind: 'rewrite', edit: (json: unknown) => rewriteFields(json, FIELDS.filter((f) => f !== 'id'), (old) => injected(old)) } as const;
const LEGACY = `x ##[save-state name=ephemeral-key-id]${MARK}`;

hostileCases(import.meta.url, {
  'action describe: names, descriptions, ids and dates carry commands': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/(info|service_accounts\/[^/]+\/api_keys)$/, lie: everyField });
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts\/[^/]+$/, lie: accountFields });
      const run = await runStep({ ...world.inputs, command: 'describe' });
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).toContain(MARK);
      expectNoInjectedCommand(run.stdout + run.stderr);
      expect(run.state).toEqual({});
      return { held: 'exit 0; every value printed as text, no injected command reached the runner; no state saved' };
    } finally {
      await world.close();
    }
  },
  'action: an error detail carries commands, also in the legacy ##[…] form': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts/, lie: { kind: 'answer', status: 404, body: JSON.stringify({ detail: ['KeyError', injected(LEGACY)] }) } });
      const run = await runStep({ ...world.inputs, command: 'describe' });
      expect(run.code).toBe(1);
      expectNoInjectedCommand(run.stdout + run.stderr);
      return { held: 'exit 1; the detail is printed as text, no injected command', message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
  'action connect: an account name carries commands into the info line': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/(current-user|service_accounts\/[^/]+)$/, lie: accountFields });
      const run = await runStep({ 'server-url': world.liar.url, 'api-key': world.key, command: 'connect' });
      expect(run.code, run.stdout).toBe(0);
      expectNoInjectedCommand(run.stdout + run.stderr);
      return { held: 'exit 0; the name is printed as text, no injected command' };
    } finally {
      await world.close();
    }
  },
  'cli list: account names and descriptions carry commands (inside a job)': async () => {
    const world = await startHostileWorld();
    try {
      // An id that is nothing but commands puts one at the very start of a table row.
      const idsToo = { kind: 'rewrite', edit: (json: unknown) => rewriteFields(everyField.edit(json), ['id'], () => injected('')) } as const;
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts/, lie: idsToo });
      const run = await runCli(['service-account', 'list'], { ...world.cliEnv, GITHUB_ACTIONS: 'true' });
      expectNoInjectedCommand(run.stdout + run.stderr);
      expect(run.stdout).toContain(MARK);
      return { held: `exit ${run.code}; the table prints the names as text, no injected command` };
    } finally {
      await world.close();
    }
  },
  'cli describe: a key name carries commands into the title and --json': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/(service_accounts\/[^/]+\/)?api_keys\/[^/]+$/, lie: { kind: 'rewrite', edit: (json) => rewriteFields(json, ['name', 'description'], (old) => injected(old) + LEGACY) } });
      const env = { ...world.cliEnv, GITHUB_ACTIONS: 'true' };
      const table = await runCli(['service-account', 'api-key', 'ci-deployer', 'describe', 'github-actions'], env);
      const json = await runCli(['service-account', 'api-key', 'ci-deployer', 'describe', 'github-actions', '--json'], env);
      expect([table.code, json.code], table.stderr + json.stderr).toEqual([0, 0]);
      expectNoInjectedCommand(table.stdout + table.stderr + json.stdout + json.stderr);
      // --json still says exactly what the server said.
      expect((JSON.parse(json.stdout) as { name: string }).name).toBe(injected('github-actions') + LEGACY);
      return { held: 'exit 0; the table and the JSON print the name as text (the JSON parses back to it), no injected command' };
    } finally {
      await world.close();
    }
  },
  'cli: an error detail carries commands onto stderr (inside a job)': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts/, lie: { kind: 'answer', status: 404, body: JSON.stringify({ detail: ['KeyError', `${LEGACY}${injected('')}`] }) } });
      const run = await runCli(['service-account', 'describe', 'ci-deployer'], { ...world.cliEnv, GITHUB_ACTIONS: 'true' });
      expect(run.code).toBe(1);
      expectNoInjectedCommand(run.stdout + run.stderr);
      return { held: 'exit 1; one error line, printed as text', message: run.stderr.trim().split('\n').at(-1) ?? '' };
    } finally {
      await world.close();
    }
  },
  'post step: a state that names another key (an injected save-state) deletes nothing': async () => {
    const world = await startHostileWorld();
    try {
      const victim = world.zenml.seedApiKey('ci-deployer', 'production');
      const account = world.zenml.inspectServiceAccount('ci-deployer')!;
      const forged = { 'ephemeral-account-id': account.id, 'ephemeral-key-id': victim.id };
      const named = { ...forged, 'ephemeral-key-name': 'gha-4242-1-abcdef' };
      const env = { GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' };
      const inputs = { ...world.inputs, command: 'ephemeral' };
      const posts = [await runStep(inputs, { entry: 'post/index.js', state: forged, env }), await runStep(inputs, { entry: 'post/index.js', state: named, env })];
      expect(posts.map((p) => p.code)).toEqual([0, 0]);
      expect(world.zenml.inspectApiKey('ci-deployer', 'production'), 'the victim key survives').toBeDefined();
      expect(world.liar.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
      for (const post of posts) expect(post.stdout).toMatch(/^::warning::/m);
      return { held: "post step exit 0; a state without this run's key name, or naming a key the server calls otherwise, deletes nothing and warns" };
    } finally {
      await world.close();
    }
  },
});
