import type { AuditReport } from './index.js';
import type { Finding } from './rules.js';

/** A finding as the `findings` output and `--json` give it: ZenML-style snake_case, never a key value. */
export function findingJson(finding: Finding): { rule: string; service_account: string; api_key: string | null; detail: string } {
  return { rule: finding.rule, service_account: finding.serviceAccount, api_key: finding.apiKey, detail: finding.detail };
}

/** The counts as the `summary` output and `--json` give them. */
export function summaryJson(report: AuditReport): Record<string, unknown> {
  const { counts } = report;
  return {
    service_accounts: counts.serviceAccounts,
    api_keys: counts.apiKeys,
    findings: counts.findings,
    by_rule: { ...counts.byRule },
    failing: report.failing.length,
    deactivated: counts.deactivated,
    ...(report.options.deactivateUnused && !report.options.apply ? { would_deactivate: report.deactivations.length } : {}),
  };
}

/** The whole report as `--json` prints it. */
export function reportJson(report: AuditReport): Record<string, unknown> {
  return {
    server_version: report.serverVersion,
    audited_at: report.at,
    limits: { max_key_age_days: report.options.maxKeyAgeDays, unused_days: report.options.unusedDays },
    rules: report.options.rules,
    fail_on: report.options.failOn,
    summary: summaryJson(report),
    findings: report.findings.map(findingJson),
    service_accounts: report.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      active: a.active,
      created: a.created,
      updated: a.updated,
      api_keys: a.keys.map((k) => ({
        id: k.id,
        name: k.name,
        active: k.active,
        created: k.created,
        updated: k.updated,
        last_login: k.lastLogin,
        last_rotated: k.lastRotated,
        retain_period_minutes: k.retainPeriodMinutes,
        previous_key_valid_until: k.previousValidUntil,
        age_days: k.ageDays,
        idle_days: k.idleDays,
      })),
    })),
    deactivations: report.deactivations.map((d) => ({ service_account: d.serviceAccount, api_key: d.apiKey, outcome: d.outcome, ...(d.error ? { error: d.error } : {}) })),
  };
}
