// Text from outside (server names, descriptions, ids, dates, error details; inputs) never becomes a workflow
// command: the bundled action and CLI against a server that hides `::set-output`, `::save-state`,
// `::stop-commands`, `::add-mask` and the legacy `##[…]` form in every value it returns.
import { expect } from 'vitest';
import { hostileCases } from './support/cases.ts';
import { injected, MARK, rewriteFields } from './support/payloads.ts';
import { errorLine, expectNoInjectedCommand, runCli, runStep, startHostileWorld } from './support/world.ts';

// What the server describes (not what it is looked up by): its version, and the fields of the keys it lists.
const FIELDS = ['name', 'description', 'id', 'created', 'updated', 'last_login', 'last_rotated', 'version'];
const everyField = { kind: 'rewrite', edit: (json: unknown) => rewriteFields(json, FIELDS, (old) => injected(old)) } as const;
// The account is looked up by name and then used by id: keep its id, lie about everything else.
const accountFields = { kind: 'rewrite', edit: (json: unknown) => rewriteFields(json, FIELDS.filter((f) => f !== 'id'), (old) => injected(old)) } as const;

hostileCases(import.meta.url, {
  'action: an error detail carries commands': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts/, lie: { kind: 'answer', status: 500, body: JSON.stringify({ detail: ['RuntimeError', injected('boom')] }) } });
      const run = await runStep({ ...world.inputs, command: 'describe' });
      expect(run.code).toBe(1);
      expectNoInjectedCommand(run.stdout + run.stderr);
      return { held: 'exit 1; the detail is printed as text, no injected command', message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
  'cli list: account names and descriptions carry commands (inside a job)': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts/, lie: everyField });
      const run = await runCli(['service-account', 'list'], { ...world.cliEnv, GITHUB_ACTIONS: 'true' });
      expectNoInjectedCommand(run.stdout + run.stderr);
      expect(run.stdout).toContain(MARK);
      return { held: `exit ${run.code}; the table prints the names as text, no injected command` };
    } finally {
      await world.close();
    }
  },
});
