// Everything here is printed on stdout, which inside a job is the job log: server values pass `neutralise` so that
// none can start a workflow command (see src/core/log-text.ts).
import { neutralise, neutraliseJson } from '../core/log-text.js';
import type { SecretUpdate } from '../github/index.js';
import type { ApiKey, ServiceAccount } from '../zenml/models.js';

/** A service account with ZenML's own field names, for `--json`. */
export function accountJson(account: ServiceAccount): Record<string, unknown> {
  return {
    id: account.id,
    name: account.name,
    active: account.active,
    description: account.description,
    created: account.created,
    updated: account.updated,
  };
}

/** An API key with ZenML's own field names, for `--json`; `key` only when one was just made. */
export function apiKeyJson(key: ApiKey, value?: string): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    active: key.active,
    description: key.description,
    created: key.created,
    updated: key.updated,
    last_login: key.lastLogin,
    last_rotated: key.lastRotated,
    retain_period_minutes: key.retainPeriodMinutes,
    service_account: { id: key.serviceAccount.id, name: key.serviceAccount.name, active: key.serviceAccount.active },
    ...(value === undefined ? {} : { key: value }),
  };
}

/** JSON text for stdout, one value, with a final newline. */
export function jsonText(value: unknown): string {
  return `${neutraliseJson(JSON.stringify(value, null, 2))}\n`;
}

type Cell = string | number | boolean | null | undefined;

/** A plain-text table: a header row and aligned columns, two spaces apart. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const text = rows.map((row) => row.map(cell));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return neutralise([line(headers), ...text.map(line)].map((l) => `${l}\n`).join(''));
}

/** A titled two-column table of one record's fields, as ZenML's `describe` shows them. */
export function recordTable(title: string, fields: ReadonlyArray<readonly [string, Cell]>): string {
  return `${neutralise(cell(title))}\n${table(['FIELD', 'VALUE'], fields.map(([k, v]) => [k.toUpperCase(), v]))}`;
}

/** The rows `service-account describe` shows. */
export function accountFields(account: ServiceAccount): Array<[string, Cell]> {
  return [
    ['id', account.id],
    ['name', account.name],
    ['active', account.active],
    ['description', account.description],
    ['created', account.created],
    ['updated', account.updated],
  ];
}

/** The rows `api-key describe` shows (never a key value). */
export function apiKeyFields(key: ApiKey): Array<[string, Cell]> {
  return [
    ['id', key.id],
    ['name', key.name],
    ['active', key.active],
    ['description', key.description],
    ['service_account', key.serviceAccount.name],
    ['created', key.created],
    ['updated', key.updated],
    ['last_login', key.lastLogin],
    ['last_rotated', key.lastRotated],
    ['retain_period_minutes', key.retainPeriodMinutes],
  ];
}

/** The `service-account list` table (no timestamps, as ZenML's). */
export function accountsTable(accounts: readonly ServiceAccount[]): string {
  if (accounts.length === 0) return 'No service accounts found for the given filters.\n';
  return table(['ID', 'NAME', 'ACTIVE', 'DESCRIPTION'], accounts.map((a) => [a.id, a.name, a.active, a.description]));
}

/** The `api-key list` table. */
export function apiKeysTable(keys: readonly ApiKey[]): string {
  if (keys.length === 0) return 'No API keys found for this filter.\n';
  return table(
    ['ID', 'NAME', 'ACTIVE', 'DESCRIPTION', 'LAST_LOGIN', 'LAST_ROTATED'],
    keys.map((k) => [k.id, k.name, k.active, k.description, k.lastLogin, k.lastRotated]),
  );
}

/** The outcome of storing a secret, one row per target. */
export function secretsTable(updates: readonly SecretUpdate[]): string {
  return table(['TARGET', 'SECRET', 'RESULT'], updates.map((u) => [u.target, u.secret, u.result]));
}

function cell(value: Cell): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value).replace(/\s+/g, ' ');
}

/** Quotes a value for POSIX shells, so that `eval "$(zenml-sa login …)"` sets it verbatim. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
