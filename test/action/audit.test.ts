// `command: audit` through the bundled action against the fake ZenML, in each server generation: outputs,
// annotations (capped), the job summary with its Mermaid chart (checked by Mermaid itself), fail-on,
// deactivate-unused, and that no key value, password or token shows anywhere.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.ts';
import { GENERATIONS, startFakeZenml, type FakeZenml } from '../fakes/zenml-server.ts';
import { SCENARIO_ADMIN, SCENARIO_FINDINGS, startScenario } from '../support/audit-scenario.ts';
import { mermaidBlocks, parseGantt } from '../support/mermaid.ts';
import { expectMaskedFirst, expectNoLeak, runStep, type StepRun } from './harness.ts';

const TOKEN = 'github_pat_AUDIT0token0that0must0never0leak';
const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function github(): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({ token: TOKEN, repositories: ['acme/app'] });
  servers.push(fake);
  return fake;
}

function inputs(zenml: FakeZenml, gh: FakeGitHub, extra: Record<string, string> = {}): Record<string, string> {
  return { command: 'audit', 'server-url': zenml.url, username: SCENARIO_ADMIN.name, password: SCENARIO_ADMIN.password, 'github-token': TOKEN, 'github-api-url': gh.url, ...extra };
}

const warnings = (run: StepRun) => run.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
const errors = (run: StepRun) => run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
const writes = (zenml: FakeZenml) => zenml.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/login'));

describe.each(GENERATIONS)('command: audit on a %s server', (generation) => {
  it('outputs the findings and counts, annotates each finding, and writes a summary with a chart that Mermaid reads', async () => {
    const { zenml, keyValues } = await startScenario({ generation });
    servers.push(zenml);
    const gh = await github();
    const run = await runStep(inputs(zenml, gh));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stderr).toBe('');

    const findings = JSON.parse(run.outputs['findings']!) as Array<{ rule: string; service_account: string; api_key: string | null; detail: string }>;
    expect(findings.map((f) => [f.rule, f.service_account, f.api_key])).toEqual(SCENARIO_FINDINGS);
    expect(Object.keys(findings[0]!).sort()).toEqual(['api_key', 'detail', 'rule', 'service_account']);
    expect(JSON.parse(run.outputs['summary']!)).toEqual({
      service_accounts: 4,
      api_keys: 5,
      findings: 7,
      by_rule: { stale: 1, unused: 2, 'inactive-leftover': 2, 'no-keys': 1, 'retention-open': 1 },
      failing: 0,
      deactivated: 0,
    });
    expect(warnings(run)).toHaveLength(7);
    expect(warnings(run)[0]).toMatch(/^::warning::audit stale: API key 'old-ci' of service account 'legacy': never rotated since it was created 200 days ago/);
    expect(run.stdout).toMatch(/^audited 4 service accounts and 5 API keys: 7 findings$/m);

    expect(run.summary).toContain('### ZenML service-account audit');
    expect(run.summary).toContain('| stale | 1 | no |');
    expect(run.summary).toMatch(/\| unused \| `legacy` \| `old-ci` \| `never used since/);
    expect(run.summary).toContain('**Service account** `empty` (active): no-keys');
    const [chart, ...more] = mermaidBlocks(run.summary);
    expect(more).toEqual([]);
    const tasks = await parseGantt(chart!);
    const named = (text: string) => tasks.find((t) => t.task.trim() === text);
    expect(named('key old-ci current value - stale')?.crit).toBe(true);
    expect(named('key old-ci never used - unused')?.crit).toBe(true);
    expect(named('key idle last login')).toMatchObject({ milestone: true, crit: true, section: 'deployer' });
    expect(named('key fresh previous value kept')!.end.getTime()).toBeGreaterThan(Date.now());
    expect(named('key fresh current value')?.crit).toBe(false);
    // The bars start where the records say: created 200 days ago.
    expect(Math.round((Date.now() - named('key old-ci current value - stale')!.start.getTime()) / 86_400_000)).toBe(200);

    expect(writes(zenml)).toEqual([]);
    expect(gh.requests).toEqual([]);
    expect(run.env).toEqual({});
    expectMaskedFirst(run, SCENARIO_ADMIN.password);
    expectNoLeak(run, [...keyValues, SCENARIO_ADMIN.password, TOKEN, zenml.mintUserToken(SCENARIO_ADMIN.name)]);
  });

  it('fail-on fails the step after the outputs and the summary are written', async () => {
    const { zenml } = await startScenario({ generation });
    servers.push(zenml);
    const gh = await github();
    const run = await runStep(inputs(zenml, gh, { 'fail-on': 'stale, retention-open', 'ignore-rules': 'no-keys' }));
    expect(run.code).toBe(1);
    expect(errors(run)).toEqual(['::error::audit: 2 findings of fail-on rules (stale: 1, retention-open: 1)']);
    expect(JSON.parse(run.outputs['summary']!)).toMatchObject({ findings: 6, failing: 2, by_rule: { 'no-keys': 0 } });
    expect(run.summary).toContain('| no-keys | switched off | no |');
    expect(run.summary).toContain('| stale | 1 | yes |');
  });

  it('deactivate-unused: true deactivates exactly the unused keys and never deletes', async () => {
    const { zenml } = await startScenario({ generation });
    servers.push(zenml);
    const gh = await github();
    const run = await runStep(inputs(zenml, gh, { 'deactivate-unused': 'true' }));
    expect(run.code, run.stdout).toBe(0);
    expect(writes(zenml).map((r) => [r.method, JSON.parse(r.body)])).toEqual([
      ['PUT', { active: false }],
      ['PUT', { active: false }],
    ]);
    expect(zenml.inspectApiKey('legacy', 'old-ci')!.active).toBe(false);
    expect(zenml.inspectApiKey('deployer', 'idle')!.active).toBe(false);
    expect(zenml.inspectApiKey('deployer', 'fresh')!.active).toBe(true);
    expect(zenml.inspectServiceAccount('deployer')!.keys).toEqual(['idle', 'fresh']);
    expect(JSON.parse(run.outputs['summary']!)).toMatchObject({ deactivated: 2 });
    expect(run.summary).toContain('| `legacy` | `old-ci` | deactivated |');
  });
});

describe('command: audit, at scale and against odd names', () => {
  it('caps the annotations at ten, the last one with the total', async () => {
    const zenml = await startFakeZenml({ adminName: SCENARIO_ADMIN.name, adminPassword: SCENARIO_ADMIN.password });
    servers.push(zenml);
    for (let i = 0; i < 30; i++) zenml.seedServiceAccount(`bare-${i}`);
    const run = await runStep(inputs(zenml, await github()));
    expect(run.code).toBe(0);
    expect(warnings(run)).toHaveLength(10);
    expect(warnings(run).slice(0, 9).every((w) => w.startsWith('::warning::audit no-keys: '))).toBe(true);
    expect(warnings(run)[9]).toBe('::warning::audit: 21 more findings (30 in all); the job summary lists every one');
    expect((run.summary.match(/^\| no-keys \| `bare-/gm) ?? []).length).toBe(30);
  });

  it('a name full of Markdown, Mermaid syntax and workflow commands stays text everywhere', async () => {
    const zenml = await startFakeZenml({ adminName: SCENARIO_ADMIN.name, adminPassword: SCENARIO_ADMIN.password });
    servers.push(zenml);
    const evil = 'x: click\n::error::PWNED | `a` %% #9; section y\n```\n<b>PWNED</b>';
    zenml.seedServiceAccount(evil);
    zenml.seedApiKey(evil, `click ${evil}`);
    const run = await runStep(inputs(zenml, await github(), { 'max-key-age-days': '1' }));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout.split('\n').filter((l) => /^\s*::error::/.test(l))).toEqual([]);
    const [chart] = mermaidBlocks(run.summary);
    const tasks = await parseGantt(chart!);
    expect(tasks.map((t) => t.task.trim())).toEqual(['key click x_ click___error__PWNED _ _a_ _... current value', 'key click x_ click___error__PWNED _ _a_ _... never used']);
    expect(run.summary).not.toContain('<b>PWNED</b>\n');
    expect(run.summary.split('\n').filter((l) => l.startsWith('```'))).toEqual(['```mermaid', '```']);
  });
});
