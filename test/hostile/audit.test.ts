// The audit reads everything a server lists, so a lying server reaches it everywhere: names with workflow
// commands, Markdown and Mermaid syntax in every listing, and page counts that would have it read forever.
import { expect } from 'vitest';
import { mermaidBlocks, parseGantt } from '../support/mermaid.ts';
import { hostileCases } from './support/cases.ts';
import { injected, MARK, MARKDOWN, rewriteFields } from './support/payloads.ts';
import { errorLine, expectNoInjectedCommand, expectNoSecretForm, runCli, runStep, startHostileWorld } from './support/world.ts';

/** The summary with its code spans and its Mermaid block taken out: what GitHub would read as Markdown. */
function interpreted(summary: string): string {
  return summary
    .replace(/^```mermaid\n[\s\S]*?^```$/m, '')
    .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '<code/>');
}

const poisoned = (old: string) => `${old} ${injected(':')} ${MARKDOWN} ; %% section x : crit, k1 \`\`\`mermaid`;

hostileCases(import.meta.url, {
  'names with workflow commands, Markdown and Mermaid syntax in every listing': async () => {
    const world = await startHostileWorld();
    try {
      world.zenml.seedServiceAccount('bare');
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts(\/[^/]+\/api_keys)?$/, lie: { kind: 'rewrite', edit: (json) => rewriteFields(json, ['name'], poisoned) } });
      const run = await runStep({ ...world.inputs, command: 'audit', 'max-key-age-days': '1', 'unused-days': '1' });
      expect(run.code, run.stdout).toBe(0);
      expectNoInjectedCommand(run.stdout);
      expect(run.outputs['api-key']).toBeUndefined();
      expect(run.env).toEqual({});
      expect(run.summary).toContain(MARK);
      expect(interpreted(run.summary)).not.toContain(MARK);
      const [chart] = mermaidBlocks(run.summary);
      const tasks = await parseGantt(chart!);
      expect(tasks.length).toBeGreaterThan(0);
      expect(JSON.parse(run.outputs['findings']!)[0].service_account).toContain(MARK);
      expectNoSecretForm(run, world.secrets);
      const cli = await runCli(['audit'], { ...world.cliEnv, GITHUB_ACTIONS: 'true' });
      expect(cli.code, cli.stderr).toBe(0);
      expectNoInjectedCommand(cli.stdout);
      expectNoInjectedCommand(cli.stderr);
      expectNoSecretForm(cli, world.secrets);
      return { held: 'exit 0; no injected workflow command (action, CLI); summary renders no server Markdown; the chart still parses' };
    } finally {
      await world.close();
    }
  },
  'a listing that claims a billion pages': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts$/, lie: { kind: 'rewrite', edit: (json) => ({ ...(json as object), total_pages: 1_000_000_000, total: 100_000_000_000 }) } });
      const run = await runStep({ ...world.inputs, command: 'audit' });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toContain('the server lists 1000000000 pages of service accounts, more than the 1000 an audit reads');
      expect(world.liar.requests.filter((r) => r.path === '/api/v1/service_accounts')).toHaveLength(1);
      return { held: 'exit 1 after one page: the audit refuses to read more than 1,000 pages', message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
});
