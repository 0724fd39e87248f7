import type { AuditedAccount, AuditReport, Finding } from '../commands/audit/index.js';
import { AUDIT_RULES } from '../commands/audit/index.js';
import { findingJson, summaryJson } from '../commands/audit/json.js';
import type { Logger } from '../core/logger.js';
import { keyLifeChart } from './audit-chart.js';
import { code } from './summary.js';

// The action's face of the audit: outputs, annotations, the job summary and the verdict. Every server value in
// the summary is a code span (summary.ts `code`); the chart reduces names to harmless characters.

/** GitHub shows at most 10 warning annotations per step: 9 findings and one line with the total. */
export const MAX_ANNOTATIONS = 10;

/** GitHub refuses a step summary over 1 MiB; the per-account tables stop before that, and say so. */
const SUMMARY_BUDGET = 900 * 1024;

/** The `findings` and `summary` outputs. */
export function auditOutputs(report: AuditReport): { findings: string; summary: string } {
  return { findings: JSON.stringify(report.findings.map(findingJson)), summary: JSON.stringify(summaryJson(report)) };
}

/** One warning annotation per finding, capped, the last one saying how many there are in all. */
export function annotate(report: AuditReport, logger: Logger): void {
  const { findings } = report;
  const shown = findings.length <= MAX_ANNOTATIONS ? findings : findings.slice(0, MAX_ANNOTATIONS - 1);
  for (const f of shown) logger.warning(`audit ${f.rule}: ${subject(f)}: ${f.detail}`);
  if (shown.length < findings.length) {
    logger.warning(`audit: ${findings.length - shown.length} more findings (${findings.length} in all); the job summary lists every one`);
  }
}

/** Why the step fails, or undefined: findings of fail-on rules, or keys that could not be deactivated. */
export function auditVerdict(report: AuditReport): string | undefined {
  const failed = report.deactivations.filter((d) => d.outcome === 'failed');
  const reasons: string[] = [];
  if (report.failing.length > 0) {
    const byRule = report.options.failOn.map((rule) => [rule, report.failing.filter((f) => f.rule === rule).length] as const).filter(([, n]) => n > 0);
    reasons.push(`${report.failing.length} finding${report.failing.length === 1 ? '' : 's'} of fail-on rules (${byRule.map(([r, n]) => `${r}: ${n}`).join(', ')})`);
  }
  if (failed.length > 0) {
    const first = failed[0]!;
    reasons.push(`could not deactivate ${failed.length} of ${report.deactivations.length} unused API keys (first: '${first.apiKey}' of '${first.serviceAccount}': ${first.error})`);
  }
  return reasons.length > 0 ? `audit: ${reasons.join('; ')}` : undefined;
}

/** The job summary: counts per rule, the chart, the findings, what was deactivated, and a table per account. */
export function auditSummary(report: AuditReport): string {
  const { counts, options } = report;
  const parts: string[] = [
    '### ZenML service-account audit\n',
    `${counts.serviceAccounts} service accounts and ${counts.apiKeys} API keys on ZenML ${code(report.serverVersion)}, read at ${code(report.at)}. ` +
      `Stale: not rotated for more than ${options.maxKeyAgeDays} days. Unused: no login for more than ${options.unusedDays} days.\n`,
    `| Rule | Findings | Fails the step |\n|---|---|---|\n${AUDIT_RULES.map((rule) => `| ${rule} | ${options.rules.includes(rule) ? counts.byRule[rule] : 'switched off'} | ${options.failOn.includes(rule) ? 'yes' : 'no'} |`).join('\n')}\n`,
  ];
  const chart = keyLifeChart(report);
  if (chart.markdown) {
    const which = chart.charted < chart.total ? ` (${chart.charted} of ${chart.total} keys: those with findings first)` : '';
    parts.push(`#### Key lives${which}\n\nRed: stale or unused. Each key: its value before the last rotation, its current value, the retention window of the previous value, and the time since its last login.\n\n${chart.markdown}`);
  }
  if (report.findings.length > 0) {
    parts.push(`#### Findings\n\n| Rule | Service account | API key | Detail |\n|---|---|---|---|\n${report.findings.map((f) => `| ${f.rule} | ${code(f.serviceAccount)} | ${f.apiKey === null ? '' : code(f.apiKey)} | ${code(f.detail)} |`).join('\n')}\n`);
  } else {
    parts.push('No findings.\n');
  }
  if (report.deactivations.length > 0) {
    const rows = report.deactivations.map((d) => `| ${code(d.serviceAccount)} | ${code(d.apiKey)} | ${d.outcome}${d.error ? `: ${code(d.error)}` : ''} |`);
    parts.push(`#### Unused keys deactivated (undo: command \`activate\`)\n\n| Service account | API key | Outcome |\n|---|---|---|\n${rows.join('\n')}\n`);
  }
  let size = parts.reduce((n, p) => n + p.length, 0);
  const tables: string[] = [];
  let left = 0;
  for (const account of report.accounts) {
    const table = accountTable(account, report.findings);
    if (size + table.length > SUMMARY_BUDGET) left++;
    else {
      tables.push(table);
      size += table.length;
    }
  }
  const more = left > 0 ? `\n${left} more service accounts are not shown (a job summary holds 1 MiB): \`zenml-sa audit --json\` lists them all.\n` : '';
  parts.push(`<details><summary>Every service account and API key (${counts.serviceAccounts})</summary>\n\n${tables.join('\n')}${more}\n</details>\n`);
  return parts.join('\n');
}

function accountTable(account: AuditedAccount, findings: readonly Finding[]): string {
  const rulesOf = (keyId: string | null) => findings.filter((f) => f.serviceAccountId === account.id && f.apiKeyId === keyId).map((f) => f.rule).join(', ');
  const own = rulesOf(null);
  const head = `**Service account** ${code(account.name)} (${account.active ? 'active' : 'inactive'})${own ? `: ${own}` : ''}\n\n`;
  if (account.keys.length === 0) return `${head}No API keys.\n`;
  const rows = account.keys.map(
    (k) =>
      `| ${code(k.name)} | ${k.active ? 'active' : 'inactive'} | ${code(k.created)} | ${k.lastRotated ? code(k.lastRotated) : 'never'} | ${k.lastLogin ? code(k.lastLogin) : 'never'} | ${k.ageDays} | ${k.idleDays ?? 'never used'} | ${k.previousValidUntil ? code(k.previousValidUntil) : ''} | ${rulesOf(k.id)} |`,
  );
  return `${head}| API key | State | Created | Last rotated | Last login | Days since rotation | Days since use | Previous value valid until | Findings |\n|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

function subject(f: Finding): string {
  return f.apiKey === null ? `service account '${f.serviceAccount}'` : `API key '${f.apiKey}' of service account '${f.serviceAccount}'`;
}
