import { InputError } from '../../core/errors.js';
import type { ApiKey, ServiceAccount } from '../../zenml/models.js';

/** The audit's findings, in the order reports list them; each can be switched off by name. */
export const AUDIT_RULES = ['stale', 'unused', 'inactive-leftover', 'no-keys', 'retention-open'] as const;
export type AuditRule = (typeof AUDIT_RULES)[number];

/** The limits when none are given: ZenML's docs ask for regular rotation; 90 days is the common ceiling. */
export const DEFAULT_MAX_KEY_AGE_DAYS = 90;
export const DEFAULT_UNUSED_DAYS = 30;
export const MAX_DAYS = 36_500;

/** What an audit looks for and what it may do, already validated. */
export interface AuditOptions {
  /** `stale`: no rotation for more than this many days. */
  readonly maxKeyAgeDays: number;
  /** `unused` and `inactive-leftover`: no login (or no change, for inactive ones) for more than this many days. */
  readonly unusedDays: number;
  /** The rules that report findings (all, less those switched off). */
  readonly rules: readonly AuditRule[];
  /** Findings of these rules fail the step (the CLI: exit 1). */
  readonly failOn: readonly AuditRule[];
  /** Deactivate the keys found `unused` (never delete them). */
  readonly deactivateUnused: boolean;
  /** With `deactivateUnused`: false reports what would be deactivated and changes nothing (a dry run). */
  readonly apply: boolean;
}

/** One key as the audit reports it; never its value (a listing has none). */
export interface AuditedKey {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly created: string;
  /** Last change of the record (a login changes it too; for an inactive key, the deactivation at the latest). */
  readonly updated: string;
  readonly lastRotated: string | null;
  readonly lastLogin: string | null;
  readonly retainPeriodMinutes: number | null;
  /** When the previous value stops working, if it still works now. */
  readonly previousValidUntil: string | null;
  /** Whole days since the last rotation, or since creation if never rotated. */
  readonly ageDays: number;
  /** Whole days since the last login; null when the key was never used. */
  readonly idleDays: number | null;
}

/** One service account and its keys, as the audit reports them. */
export interface AuditedAccount {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly created: string;
  readonly updated: string;
  readonly keys: readonly AuditedKey[];
}

/** One finding: which rule, about which account (and key), and why, in words. Never a key value. */
export interface Finding {
  readonly rule: AuditRule;
  readonly serviceAccount: string;
  /** Null for findings about the account itself (`no-keys`, an inactive account). */
  readonly apiKey: string | null;
  readonly detail: string;
  /** Ids, so that the faces can act on or link the record without looking the names up again. */
  readonly serviceAccountId: string;
  readonly apiKeyId: string | null;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Whole days from `then` to `now` (never negative: a server clock ahead of ours reads as 0). */
export function daysSince(then: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(then)) / DAY_MS));
}

const olderThan = (then: string, days: number, now: Date) => now.getTime() - Date.parse(then) > days * DAY_MS;

/** A key record with the ages the rules and the reports use. */
export function auditKey(key: ApiKey, now: Date): AuditedKey {
  let previousValidUntil: string | null = null;
  if (key.active && key.lastRotated && (key.retainPeriodMinutes ?? 0) > 0) {
    const until = Date.parse(key.lastRotated) + (key.retainPeriodMinutes ?? 0) * MINUTE_MS;
    if (until > now.getTime()) previousValidUntil = new Date(until).toISOString();
  }
  return {
    id: key.id,
    name: key.name,
    active: key.active,
    created: key.created,
    updated: key.updated,
    lastRotated: key.lastRotated,
    lastLogin: key.lastLogin,
    retainPeriodMinutes: key.retainPeriodMinutes,
    previousValidUntil,
    ageDays: daysSince(key.lastRotated ?? key.created, now),
    idleDays: key.lastLogin ? daysSince(key.lastLogin, now) : null,
  };
}

/** An account record with its audited keys. */
export function auditAccount(account: ServiceAccount, keys: readonly ApiKey[], now: Date): AuditedAccount {
  return { id: account.id, name: account.name, active: account.active, created: account.created, updated: account.updated, keys: keys.map((k) => auditKey(k, now)) };
}

/**
 * The findings of the enabled rules, account by account. Keys of an inactive account cannot log in, so
 * only the account is reported (`inactive-leftover`); an inactive key is reported only as a leftover.
 */
export function evaluate(accounts: readonly AuditedAccount[], options: Pick<AuditOptions, 'maxKeyAgeDays' | 'unusedDays' | 'rules'>, now: Date): Finding[] {
  const enabled = new Set(options.rules);
  const { maxKeyAgeDays: maxAge, unusedDays: unused } = options;
  const found: Finding[] = [];
  for (const account of accounts) {
    const add = (rule: AuditRule, detail: string, key?: AuditedKey) => {
      if (enabled.has(rule)) found.push({ rule, serviceAccount: account.name, apiKey: key?.name ?? null, detail, serviceAccountId: account.id, apiKeyId: key?.id ?? null });
    };
    if (!account.active) {
      if (olderThan(account.updated, unused, now)) {
        add('inactive-leftover', `the service account is deactivated and unchanged for ${daysSince(account.updated, now)} days (since ${account.updated}), more than ${unused}: delete it, or activate it if it is still needed`);
      }
      continue;
    }
    if (account.keys.length === 0) add('no-keys', `the service account has no API keys (created ${account.created}): delete it if nothing uses it`);
    for (const key of account.keys) {
      if (!key.active) {
        if (olderThan(key.updated, unused, now)) {
          add('inactive-leftover', `the key is deactivated and unchanged for ${daysSince(key.updated, now)} days (since ${key.updated}), more than ${unused}: delete it, or activate it if it is still needed`, key);
        }
        continue;
      }
      const since = key.lastRotated ?? key.created;
      if (olderThan(since, maxAge, now)) {
        const what = key.lastRotated ? `last rotated ${key.ageDays} days ago (${key.lastRotated})` : `never rotated since it was created ${key.ageDays} days ago (${key.created})`;
        add('stale', `${what}, more than max-key-age-days (${maxAge}): rotate it`, key);
      }
      if (key.lastLogin ? olderThan(key.lastLogin, unused, now) : olderThan(key.created, unused, now)) {
        const what = key.lastLogin ? `no login for ${key.idleDays} days (last ${key.lastLogin})` : `never used since it was created ${key.ageDays} days ago (${key.created})`;
        add('unused', `${what}, more than unused-days (${unused}): deactivate it if nothing needs it`, key);
      }
      if (key.previousValidUntil) {
        add('retention-open', `the previous value still works until ${key.previousValidUntil} (retained ${key.retainPeriodMinutes} minutes after the rotation at ${key.lastRotated})`, key);
      }
    }
  }
  return found;
}

/**
 * Parses a list of rule names (comma, space or newline separated; `none` or empty for none). `input`
 * names the input or flag for the message; an unknown name is an InputError that lists the known ones.
 */
export function parseRules(raw: string, input: string): AuditRule[] {
  const words = raw
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 1 && words[0] === 'none') return [];
  const rules: AuditRule[] = [];
  for (const word of words) {
    if (!(AUDIT_RULES as readonly string[]).includes(word)) {
      throw new InputError(input, `'${word}' is not an audit rule; expected none, or rules out of ${AUDIT_RULES.join(', ')}`);
    }
    if (!rules.includes(word as AuditRule)) rules.push(word as AuditRule);
  }
  return rules;
}

/** The rules left after switching some off, and the cross-checks of fail-on and deactivate-unused. */
export function auditOptions(given: {
  maxKeyAgeDays: number;
  unusedDays: number;
  ignore: readonly AuditRule[];
  failOn: readonly AuditRule[];
  deactivateUnused: boolean;
  apply: boolean;
  names: { ignore: string; failOn: string; deactivateUnused: string };
}): AuditOptions {
  const rules = AUDIT_RULES.filter((r) => !given.ignore.includes(r));
  const off = given.failOn.find((r) => given.ignore.includes(r));
  if (off) throw new InputError(given.names.failOn, `'${off}' is also in ${given.names.ignore}: a rule that is switched off can never fail the step`);
  if (given.deactivateUnused && given.ignore.includes('unused')) {
    throw new InputError(given.names.deactivateUnused, `deactivates the keys found 'unused', but ${given.names.ignore} switches that rule off`);
  }
  return {
    maxKeyAgeDays: given.maxKeyAgeDays || DEFAULT_MAX_KEY_AGE_DAYS,
    unusedDays: given.unusedDays,
    rules,
    failOn: given.failOn,
    deactivateUnused: given.deactivateUnused,
    apply: given.apply,
  };
}
