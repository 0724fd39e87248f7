import { errorMessage } from '../../core/errors.js';
import { Pool } from '../../core/pool.js';
import { checkServer } from '../common.js';
import { explainFailure } from '../explain.js';
import type { CommandDeps } from '../types.js';
import { AUDIT_CONCURRENCY, readInventory } from './inventory.js';
import { AUDIT_RULES, auditAccount, evaluate, type AuditedAccount, type AuditOptions, type AuditRule, type Finding } from './rules.js';

export * from './rules.js';
export { AUDIT_CONCURRENCY, AUDIT_PAGE_SIZE } from './inventory.js';

/** A key the audit deactivated (or, in a dry run, would deactivate), or failed to. */
export interface Deactivation {
  readonly serviceAccount: string;
  readonly apiKey: string;
  readonly apiKeyId: string;
  /** `planned`: a dry run; `deactivated`: done; `failed`: the server refused or did not answer (see `error`). */
  readonly outcome: 'planned' | 'deactivated' | 'failed';
  readonly error?: string;
}

/** Counts for the `summary` output and the headline. */
export interface AuditCounts {
  readonly serviceAccounts: number;
  readonly apiKeys: number;
  readonly findings: number;
  readonly byRule: Readonly<Record<AuditRule, number>>;
  readonly deactivated: number;
}

/** What an audit found and did; the faces turn it into outputs, annotations, tables and charts. */
export interface AuditReport {
  readonly serverVersion: string;
  /** When the audit read the server (ISO 8601 UTC): the "now" every age is counted to. */
  readonly at: string;
  readonly options: AuditOptions;
  readonly accounts: readonly AuditedAccount[];
  readonly findings: readonly Finding[];
  readonly counts: AuditCounts;
  readonly deactivations: readonly Deactivation[];
  /** The findings whose rule is in fail-on: the step fails when there are any. */
  readonly failing: readonly Finding[];
  /** Requests made to read the server (the bench reads it). */
  readonly readRequests: number;
}

/**
 * Reads every service account and key of the server, applies the rules, and (when asked and not a dry run)
 * deactivates the keys found `unused`. Read-only otherwise. Deactivation never deletes: it is undone with
 * `activate`.
 */
export async function audit(options: AuditOptions, deps: Pick<CommandDeps, 'zenml' | 'logger' | 'now'>): Promise<AuditReport> {
  const info = await checkServer(deps);
  const inventory = await readInventory(deps.zenml, deps.logger);
  const now = deps.now();
  const accounts = inventory.accounts.map(({ account, keys }) => auditAccount(account, keys, now));
  const findings = evaluate(accounts, options, now);
  const deactivations = options.deactivateUnused ? await deactivateUnused(deps, findings, options.apply) : [];
  const byRule = Object.fromEntries(AUDIT_RULES.map((rule) => [rule, findings.filter((f) => f.rule === rule).length])) as Record<AuditRule, number>;
  return {
    serverVersion: info.version,
    at: now.toISOString(),
    options,
    accounts,
    findings,
    counts: {
      serviceAccounts: accounts.length,
      apiKeys: accounts.reduce((n, a) => n + a.keys.length, 0),
      findings: findings.length,
      byRule,
      deactivated: deactivations.filter((d) => d.outcome === 'deactivated').length,
    },
    deactivations,
    failing: findings.filter((f) => options.failOn.includes(f.rule)),
    readRequests: inventory.requests,
  };
}

/**
 * Deactivates each key found `unused` (a PUT, safe to repeat), at most AUDIT_CONCURRENCY at once. One
 * refusal does not stop the others: each outcome is reported, and the faces fail the run if any failed.
 */
async function deactivateUnused(deps: Pick<CommandDeps, 'zenml' | 'logger'>, findings: readonly Finding[], apply: boolean): Promise<Deactivation[]> {
  const unused = findings.filter((f): f is Finding & { apiKey: string; apiKeyId: string } => f.rule === 'unused' && f.apiKey !== null && f.apiKeyId !== null);
  const planned = unused.map((f) => ({ serviceAccount: f.serviceAccount, apiKey: f.apiKey, apiKeyId: f.apiKeyId, serviceAccountId: f.serviceAccountId }));
  if (!apply) return planned.map(({ serviceAccountId: _, ...d }) => ({ ...d, outcome: 'planned' as const }));
  const pool = new Pool(AUDIT_CONCURRENCY);
  return Promise.all(
    planned.map(({ serviceAccountId, ...d }) =>
      pool.run(async (): Promise<Deactivation> => {
        try {
          await deps.zenml.updateApiKey(serviceAccountId, d.apiKeyId, { active: false });
          deps.logger.info(`deactivated API key '${d.apiKey}' of service account '${d.serviceAccount}' (unused)`);
          return { ...d, outcome: 'deactivated' };
        } catch (error) {
          return { ...d, outcome: 'failed', error: explainFailure(error) || errorMessage(error) };
        }
      }),
    ),
  );
}
