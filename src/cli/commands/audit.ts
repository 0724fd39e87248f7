import { audit, auditOptions, DEFAULT_UNUSED_DAYS, MAX_DAYS, parseRules, type AuditReport } from '../../commands/audit/index.js';
import { reportJson } from '../../commands/audit/json.js';
import { parseWholeNumber, UsageError } from '../argv.js';
import { withZenml, type CommandSpec, type Context } from '../context.js';
import { jsonText, table } from '../output.js';
import { readConnection } from '../settings.js';
import { CONNECTION } from './service-accounts.js';

const auditCommand: CommandSpec = {
  pattern: ['audit'],
  args: [],
  options: [...CONNECTION, 'max-key-age-days', 'unused-days', 'fail-on', 'ignore-rules', 'deactivate-unused', 'apply'],
  summary: 'Read every service account and API key of the server and report stale, unused and leftover ones (read-only unless --apply).',
  optionHelp: [
    ['--max-key-age-days N', 'stale: not rotated for more than N days (default 90)'],
    ['--unused-days N', 'unused: no login for more than N days; inactive-leftover: deactivated for longer (default 30)'],
    ['--fail-on RULES', 'exit 1 when there are findings of these rules (comma separated; default none)'],
    ['--ignore-rules RULES', 'switch rules off: stale, unused, inactive-leftover, no-keys, retention-open'],
    ['--deactivate-unused', 'list the unused keys to deactivate (a dry run: nothing changes)'],
    ['--apply', 'with --deactivate-unused: deactivate them (never deletes; undo with update --active true)'],
  ],
  examples: [
    'zenml-sa audit',
    'zenml-sa audit --fail-on stale,unused --json',
    'zenml-sa audit --unused-days 60 --deactivate-unused --apply',
  ],
  prepare({ command, values, env }) {
    const days = (option: 'max-key-age-days' | 'unused-days', fallback: number, min: number) => {
      const raw = values[option];
      if (raw === undefined) return fallback;
      const n = parseWholeNumber(raw, `--${option}`, command, MAX_DAYS, 'days');
      if (n < min) throw new UsageError(`--${option}: ${n} is out of range; expected ${min} to ${MAX_DAYS} days`, command);
      return n;
    };
    if (values.apply && !values['deactivate-unused']) throw new UsageError('--apply acts on --deactivate-unused: give both', command);
    const options = auditOptions({
      maxKeyAgeDays: days('max-key-age-days', 0, 1),
      unusedDays: days('unused-days', DEFAULT_UNUSED_DAYS, 1),
      ignore: parseRules(values['ignore-rules'] ?? '', '--ignore-rules'),
      failOn: parseRules(values['fail-on'] ?? '', '--fail-on'),
      deactivateUnused: values['deactivate-unused'] === true,
      apply: values.apply === true,
      names: { ignore: '--ignore-rules', failOn: '--fail-on', deactivateUnused: '--deactivate-unused' },
    });
    const connection = readConnection(values, env);
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const report = await audit(options, { zenml, logger: ctx.logger, now: () => new Date() });
        ctx.io.out(ctx.json ? jsonText(reportJson(report)) : reportText(report));
        tell(ctx, report);
        const failed = report.deactivations.filter((d) => d.outcome === 'failed');
        if (failed.length > 0) {
          throw new Error(`could not deactivate ${failed.length} of ${report.deactivations.length} unused API keys; first: ${failed[0]?.serviceAccount}/${failed[0]?.apiKey}: ${failed[0]?.error}`);
        }
        if (report.failing.length > 0) throw new Error(`audit: ${failingText(report)} (--fail-on ${options.failOn.join(',')})`);
        return 0;
      });
  },
};

/** `N findings of fail-on rules (stale: 2, unused: 1)`. */
function failingText(report: AuditReport): string {
  const byRule = report.options.failOn.map((rule) => [rule, report.failing.filter((f) => f.rule === rule).length] as const).filter(([, n]) => n > 0);
  return `${report.failing.length} finding${report.failing.length === 1 ? '' : 's'} of failing rules (${byRule.map(([r, n]) => `${r}: ${n}`).join(', ')})`;
}

/** The headline and what happened to unused keys, on stderr: stdout stays the table or the JSON. */
function tell(ctx: Context, report: AuditReport): void {
  const { counts } = report;
  const rules = Object.entries(counts.byRule)
    .filter(([, n]) => n > 0)
    .map(([rule, n]) => `${rule} ${n}`);
  ctx.say(`Audited ${counts.serviceAccounts} service accounts and ${counts.apiKeys} API keys on ZenML ${report.serverVersion}: ${counts.findings} findings${rules.length ? ` (${rules.join(', ')})` : ''}.`);
  const planned = report.deactivations.filter((d) => d.outcome === 'planned');
  if (planned.length > 0) {
    ctx.say(`Dry run: would deactivate ${planned.length} unused API key${planned.length === 1 ? '' : 's'}; add --apply to deactivate ${planned.length === 1 ? 'it' : 'them'}:`);
    for (const d of planned) ctx.say(`  - ${d.serviceAccount}/${d.apiKey}`);
  } else if (report.options.deactivateUnused && report.deactivations.length === 0) {
    ctx.say('No unused API keys to deactivate.');
  }
  for (const d of report.deactivations) {
    if (d.outcome === 'deactivated') ctx.say(`Deactivated API key '${d.apiKey}' of service account '${d.serviceAccount}' (undo: zenml-sa service-account api-key ${d.serviceAccount} update ${d.apiKey} --active true).`);
    if (d.outcome === 'failed') ctx.say(`Could not deactivate API key '${d.apiKey}' of service account '${d.serviceAccount}': ${d.error}`);
  }
}

/** The plain-text report: one row per key (an account without keys gets one row), then the findings. */
function reportText(report: AuditReport): string {
  const rows = report.accounts.flatMap((a) => {
    if (a.keys.length === 0) return [[rulesOf(report, a.id, null), a.name, a.active, '-', '-', '-', '-', '-', '-', '-']];
    return a.keys.map((k) => [rulesOf(report, a.id, k.id), a.name, a.active, k.name, k.active, k.created, k.lastRotated, k.lastLogin ?? 'never', k.ageDays, k.idleDays ?? 'never']);
  });
  // Our own words lead each line (findings, rule names): a line of this table never starts with a server's text.
  const keys = rows.length === 0 ? 'No service accounts found.\n' : table(['FINDINGS', 'SERVICE_ACCOUNT', 'SA_ACTIVE', 'API_KEY', 'ACTIVE', 'CREATED', 'LAST_ROTATED', 'LAST_LOGIN', 'AGE_DAYS', 'IDLE_DAYS'], rows);
  const findings =
    report.findings.length === 0
      ? 'No findings.\n'
      : table(['RULE', 'SERVICE_ACCOUNT', 'API_KEY', 'DETAIL'], report.findings.map((f) => [f.rule, f.serviceAccount, f.apiKey, f.detail]));
  return `${keys}\n${findings}`;
}

function rulesOf(report: AuditReport, accountId: string, keyId: string | null): string {
  return report.findings.filter((f) => f.serviceAccountId === accountId && f.apiKeyId === keyId).map((f) => f.rule).join(',');
}

/** The `audit` command. */
export const auditCommands: readonly CommandSpec[] = [auditCommand];
