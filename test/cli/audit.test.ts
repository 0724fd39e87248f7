// `zenml-sa audit` through the bundled CLI against the fake ZenML, in each server mode: every rule, paging,
// --fail-on, --deactivate-unused (dry run and --apply), --json, and that no key value is ever printed.
import { afterEach, describe, expect, it } from 'vitest';
import { GENERATIONS, startFakeZenml, type FakeZenml } from '../fakes/zenml-server.ts';
import { SCENARIO_ADMIN, SCENARIO_FINDINGS, startScenario } from '../support/audit-scenario.ts';
import { expectError, requireCli, runCli, secretForms, type CliRun } from './harness.ts';

const servers: FakeZenml[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});


function envFor(zenml: FakeZenml): Record<string, string> {
  return { ZENML_STORE_URL: zenml.url, ZENML_STORE_USERNAME: SCENARIO_ADMIN.name, ZENML_STORE_PASSWORD: SCENARIO_ADMIN.password };
}

interface ReportJson {
  summary: { service_accounts: number; api_keys: number; findings: number; by_rule: Record<string, number>; deactivated: number; would_deactivate?: number };
  findings: Array<{ rule: string; service_account: string; api_key: string | null; detail: string }>;
  service_accounts: Array<{ name: string; api_keys: Array<{ name: string; active: boolean; age_days: number; idle_days: number | null; previous_key_valid_until: string | null }> }>;
  deactivations: Array<{ service_account: string; api_key: string; outcome: string }>;
}

function expectNoValues(run: CliRun, values: readonly string[]): void {
  for (const value of [...values, SCENARIO_ADMIN.password]) {
    for (const form of secretForms(value)) {
      expect(run.stdout.includes(form), `a secret (${form.slice(0, 10)}…) on stdout`).toBe(false);
      expect(run.stderr.includes(form), `a secret (${form.slice(0, 10)}…) on stderr`).toBe(false);
    }
  }
}

const writes = (zenml: FakeZenml) => zenml.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/login'));

describe.each(GENERATIONS)('zenml-sa audit on a %s server', (generation) => {
  it('finds one case of each rule, prints a table, and changes nothing', async () => {
    requireCli();
    const { zenml, keyValues } = await startScenario({ generation });
    servers.push(zenml);
    const run = await runCli(['audit'], envFor(zenml));
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^FINDINGS\s+SERVICE_ACCOUNT\s+SA_ACTIVE\s+API_KEY/);
    expect(lines.find((l) => /\blegacy\s+true\s+old-ci\b/.test(l))).toMatch(/^stale,unused\s/);
    expect(lines.find((l) => /\bdeployer\s+true\s+fresh\b/.test(l))).toMatch(/^retention-open\s/);
    expect(lines.find((l) => /\babandoned\s+false\s+forgotten\b/.test(l))).toMatch(/^-\s/);
    for (const [rule, account, key] of SCENARIO_FINDINGS) {
      expect(run.stdout).toMatch(new RegExp(`^${rule}\\s+${account}\\s+${key ?? '-'}\\s+\\S`, 'm'));
    }
    expect(run.stderr).toContain('Audited 4 service accounts and 5 API keys on ZenML');
    expect(run.stderr).toContain(': 7 findings (stale 1, unused 2, inactive-leftover 2, no-keys 1, retention-open 1).');
    expect(writes(zenml)).toEqual([]);
    expectNoValues(run, keyValues);
  });

  it('--json reports every account and key with ZenML field names, and the findings', async () => {
    requireCli();
    const { zenml, keyValues } = await startScenario({ generation });
    servers.push(zenml);
    const run = await runCli(['audit', '--json', '--unused-days', '30', '--max-key-age-days', '90'], envFor(zenml));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ReportJson;
    expect(report.findings.map((f) => [f.rule, f.service_account, f.api_key])).toEqual(SCENARIO_FINDINGS);
    expect(report.summary).toMatchObject({ service_accounts: 4, api_keys: 5, findings: 7, deactivated: 0 });
    expect(report.summary.by_rule).toEqual({ stale: 1, unused: 2, 'inactive-leftover': 2, 'no-keys': 1, 'retention-open': 1 });
    const deployer = report.service_accounts.find((a) => a.name === 'deployer')!;
    expect(deployer.api_keys.map((k) => [k.name, k.idle_days])).toEqual([
      ['idle', 40],
      ['fresh', 1],
    ]);
    const until = Date.parse(deployer.api_keys[1]!.previous_key_valid_until!);
    expect(until).toBeGreaterThan(Date.now());
    expect(report.findings.find((f) => f.rule === 'retention-open')!.detail).toContain(deployer.api_keys[1]!.previous_key_valid_until!);
    expect(report.findings.find((f) => f.rule === 'stale')!.detail).toMatch(/never rotated since it was created 200 days ago .*more than max-key-age-days \(90\)/);
    expect(run.stdout).not.toMatch(/"key"\s*:/);
    expectNoValues(run, keyValues);
  });

  it('limits and switched-off rules change what is found', async () => {
    requireCli();
    const { zenml } = await startScenario({ generation });
    servers.push(zenml);
    const run = await runCli(['audit', '--json', '--unused-days', '45', '--max-key-age-days', '365', '--ignore-rules', 'no-keys,retention-open'], envFor(zenml));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ReportJson;
    // idle (40 days without a login) is no longer unused at 45; nothing is 365 days old.
    expect(report.findings.map((f) => [f.rule, f.service_account, f.api_key])).toEqual([
      ['unused', 'legacy', 'old-ci'],
      ['inactive-leftover', 'legacy', 'retired'],
      ['inactive-leftover', 'abandoned', null],
    ]);
  });

  it('--fail-on fails (exit 1, one error line) after printing the report, and only for those rules', async () => {
    requireCli();
    const { zenml } = await startScenario({ generation });
    servers.push(zenml);
    const failing = await runCli(['audit', '--fail-on', 'stale,no-keys'], envFor(zenml));
    expectError(failing, 1, /^zenml-sa: error: audit: 2 findings of failing rules \(stale: 1, no-keys: 1\) \(--fail-on stale,no-keys\)$/);
    expect(failing.stdout).toMatch(/^stale\s+legacy\s+old-ci/m);
    const passing = await runCli(['audit', '--fail-on', 'none'], envFor(zenml));
    expect(passing.code).toBe(0);
  });

  it('--deactivate-unused is a dry run: it lists the keys and changes nothing', async () => {
    requireCli();
    const { zenml } = await startScenario({ generation });
    servers.push(zenml);
    const run = await runCli(['audit', '--deactivate-unused', '--json'], envFor(zenml));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Dry run: would deactivate 2 unused API keys; add --apply to deactivate them:');
    expect(run.stderr).toContain('- legacy/old-ci');
    expect(run.stderr).toContain('- deployer/idle');
    const report = JSON.parse(run.stdout) as ReportJson;
    expect(report.deactivations.map((d) => d.outcome)).toEqual(['planned', 'planned']);
    expect(report.summary.would_deactivate).toBe(2);
    expect(writes(zenml)).toEqual([]);
    expect(zenml.inspectApiKey('legacy', 'old-ci')!.active).toBe(true);
    expect(zenml.inspectApiKey('deployer', 'idle')!.active).toBe(true);
  });

  it('--deactivate-unused --apply deactivates exactly the unused keys, never deletes, and says how to undo it', async () => {
    requireCli();
    const { zenml } = await startScenario({ generation });
    servers.push(zenml);
    const run = await runCli(['audit', '--deactivate-unused', '--apply'], envFor(zenml));
    expect(run.code, run.stderr).toBe(0);
    expect(writes(zenml).map((r) => r.method)).toEqual(['PUT', 'PUT']);
    for (const r of writes(zenml)) expect(JSON.parse(r.body)).toEqual({ active: false });
    expect(zenml.inspectApiKey('legacy', 'old-ci')!.active).toBe(false);
    expect(zenml.inspectApiKey('deployer', 'idle')!.active).toBe(false);
    expect(zenml.inspectApiKey('deployer', 'fresh')!.active).toBe(true);
    expect(zenml.inspectServiceAccount('legacy')!.keys).toEqual(['old-ci', 'retired']);
    expect(run.stderr).toContain("Deactivated API key 'old-ci' of service account 'legacy' (undo: zenml-sa service-account api-key legacy update old-ci --active true).");
  });

  it('reads every page of accounts and of keys', async () => {
    requireCli();
    const zenml = await startFakeZenml({ generation, adminName: SCENARIO_ADMIN.name, adminPassword: SCENARIO_ADMIN.password });
    servers.push(zenml);
    for (let i = 0; i < 230; i++) zenml.seedServiceAccount(`sa-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < 150; i++) zenml.seedApiKey('sa-007', `key-${String(i).padStart(3, '0')}`);
    const run = await runCli(['audit', '--json'], envFor(zenml));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ReportJson;
    expect(report.service_accounts.map((a) => a.name)).toEqual(Array.from({ length: 230 }, (_, i) => `sa-${String(i).padStart(3, '0')}`));
    expect(report.service_accounts[7]!.api_keys.map((k) => k.name)).toEqual(Array.from({ length: 150 }, (_, i) => `key-${String(i).padStart(3, '0')}`));
    const lists = zenml.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/service_accounts');
    expect(lists.map((r) => r.query['page']).sort()).toEqual(['1', '2', '3']);
    const keyPages = zenml.requests.filter((r) => r.path.endsWith('/api_keys'));
    expect(keyPages).toHaveLength(231);
    expect(keyPages.every((r) => r.query['hydrate'] === 'true')).toBe(true);
  });

  it('a key list that keeps failing fails the audit with one line; one that fails once is retried', async () => {
    requireCli();
    const { zenml } = await startScenario({ generation });
    servers.push(zenml);
    zenml.failNth({ n: 1, status: 503, method: 'GET', path: /\/api_keys$/ });
    const retried = await runCli(['audit', '--json'], envFor(zenml));
    expect(retried.code, retried.stderr).toBe(0);
    expect((JSON.parse(retried.stdout) as ReportJson).summary.api_keys).toBe(5);
    // Every attempt (the transport tries a GET four times) at one account's keys.
    const legacy = zenml.inspectServiceAccount('legacy')!.id;
    for (let n = 1; n <= 4; n++) zenml.failNth({ n, status: 500, method: 'GET', path: new RegExp(`${legacy}/api_keys$`) });
    const failed = await runCli(['audit'], envFor(zenml));
    expectError(failed, 1, /list API keys of service account 'legacy'.*500/);
    expect(failed.stdout).toBe('');
  });
});
