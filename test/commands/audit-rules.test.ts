// The audit's rules, rule lists and option checks, table-driven with a fixed clock; and the pool that bounds
// how many requests an audit has in flight.
import { describe, expect, it } from 'vitest';
import { auditAccount, auditOptions, evaluate, parseRules, AUDIT_RULES, type AuditRule } from '../../src/commands/audit/rules.ts';
import { InputError } from '../../src/core/errors.ts';
import { Pool } from '../../src/core/pool.ts';
import type { ApiKey, ServiceAccount } from '../../src/zenml/models.ts';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

function account(overrides: Partial<ServiceAccount> = {}): ServiceAccount {
  return { id: 'sa-id', name: 'ci', active: true, description: null, created: daysAgo(400), updated: daysAgo(400), ...overrides };
}

function key(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 'key-id',
    name: 'k',
    active: true,
    description: null,
    retainPeriodMinutes: 0,
    lastLogin: daysAgo(1),
    lastRotated: daysAgo(10),
    created: daysAgo(300),
    updated: daysAgo(1),
    serviceAccount: { id: 'sa-id', name: 'ci', active: true },
    ...overrides,
  };
}

const LIMITS = { maxKeyAgeDays: 90, unusedDays: 30, rules: AUDIT_RULES };

type Case = readonly [string, ServiceAccount, readonly ApiKey[], ReadonlyArray<readonly [AuditRule, string | null]>];

const CASES: readonly Case[] = [
  ['a healthy key', account(), [key()], []],
  ['rotated 91 days ago: stale', account(), [key({ lastRotated: daysAgo(91) })], [['stale', 'k']]],
  ['rotated 89 days ago: not stale', account(), [key({ lastRotated: daysAgo(89) })], []],
  ['never rotated, created 100 days ago: stale', account(), [key({ lastRotated: null, created: daysAgo(100) })], [['stale', 'k']]],
  ['no login for 31 days: unused', account(), [key({ lastLogin: daysAgo(31) })], [['unused', 'k']]],
  ['no login for 29 days: used', account(), [key({ lastLogin: daysAgo(29) })], []],
  ['never used, 31 days old: unused', account(), [key({ lastLogin: null, lastRotated: null, created: daysAgo(31) })], [['unused', 'k']]],
  ['never used, 10 days old: not yet', account(), [key({ lastLogin: null, lastRotated: null, created: daysAgo(10) })], []],
  ['deactivated 40 days ago: leftover, and nothing else', account(), [key({ active: false, updated: daysAgo(40), lastLogin: null, lastRotated: daysAgo(200) })], [['inactive-leftover', 'k']]],
  ['deactivated 10 days ago: not yet a leftover', account(), [key({ active: false, updated: daysAgo(10) })], []],
  ['an inactive account for 40 days: the account only, not its keys', account({ active: false, updated: daysAgo(40) }), [key({ lastRotated: daysAgo(200), lastLogin: null })], [['inactive-leftover', null]]],
  ['an inactive account for 5 days: nothing yet', account({ active: false, updated: daysAgo(5) }), [], []],
  ['an active account without keys', account(), [], [['no-keys', null]]],
  ['rotated 10 minutes ago with 60 minutes of retention: open', account(), [key({ lastRotated: minutesAgo(10), retainPeriodMinutes: 60 })], [['retention-open', 'k']]],
  ['rotated 2 hours ago with 60 minutes of retention: closed', account(), [key({ lastRotated: minutesAgo(120), retainPeriodMinutes: 60 })], []],
  ['rotated just now without retention', account(), [key({ lastRotated: minutesAgo(1), retainPeriodMinutes: 0 })], []],
  ['an inactive key keeps no previous value', account(), [key({ active: false, lastRotated: minutesAgo(10), retainPeriodMinutes: 60, updated: minutesAgo(5) })], []],
  ['stale and unused at once', account(), [key({ lastRotated: null, created: daysAgo(120), lastLogin: daysAgo(100) })], [['stale', 'k'], ['unused', 'k']]],
];

describe('audit rules', () => {
  it.each(CASES)('%s', (_name, sa, keys, expected) => {
    const findings = evaluate([auditAccount(sa, keys, NOW)], LIMITS, NOW);
    expect(findings.map((f) => [f.rule, f.apiKey])).toEqual(expected);
    for (const f of findings) expect(f.serviceAccount).toBe('ci');
  });

  it('says when a retained previous value stops working, and why a key is stale', () => {
    const [open] = evaluate([auditAccount(account(), [key({ lastRotated: '2026-12-01T11:50:00.000Z', retainPeriodMinutes: 60 })], NOW)], LIMITS, NOW);
    expect(open?.detail).toBe('the previous value still works until 2026-12-01T12:50:00.000Z (retained 60 minutes after the rotation at 2026-12-01T11:50:00.000Z)');
    const [stale] = evaluate([auditAccount(account(), [key({ lastRotated: daysAgo(120) })], NOW)], LIMITS, NOW);
    expect(stale?.detail).toBe(`last rotated 120 days ago (${daysAgo(120)}), more than max-key-age-days (90): rotate it`);
  });

  it('a rule switched off reports nothing', () => {
    const old = [auditAccount(account(), [key({ lastRotated: daysAgo(200), lastLogin: daysAgo(200) })], NOW), auditAccount(account({ id: 'b', name: 'b' }), [], NOW)];
    expect(evaluate(old, LIMITS, NOW).map((f) => f.rule)).toEqual(['stale', 'unused', 'no-keys']);
    expect(evaluate(old, { ...LIMITS, rules: ['unused'] }, NOW).map((f) => f.rule)).toEqual(['unused']);
  });

  it('reports ages in whole days, and never a negative one when the server clock is ahead', () => {
    const audited = auditAccount(account(), [key({ lastRotated: daysAgo(12.9), lastLogin: new Date(NOW.getTime() + 60_000).toISOString() })], NOW).keys[0]!;
    expect(audited.ageDays).toBe(12);
    expect(audited.idleDays).toBe(0);
  });
});

describe('rule lists and audit options', () => {
  it.each([
    ['none', []],
    ['', []],
    ['stale', ['stale']],
    ['stale, unused', ['stale', 'unused']],
    ['Stale\nno-keys\n', ['stale', 'no-keys']],
    ['unused unused', ['unused']],
  ])('%j parses to %j', (raw, expected) => {
    expect(parseRules(raw, 'fail-on')).toEqual(expected);
  });

  it.each(['stael', 'none,stale', 'all'])('%j is refused with the known rules listed', (raw) => {
    expect(() => parseRules(raw, 'fail-on')).toThrow(InputError);
    expect(() => parseRules(raw, 'fail-on')).toThrow(/^fail-on: '[a-z]+' is not an audit rule; expected none, or rules out of stale, unused, inactive-leftover, no-keys, retention-open$/);
  });

  const names = { ignore: 'ignore-rules', failOn: 'fail-on', deactivateUnused: 'deactivate-unused' };
  const given = { maxKeyAgeDays: 0, unusedDays: 30, ignore: [], failOn: [], deactivateUnused: false, apply: false, names } as const;

  it('max-key-age-days 0 means the default of 90; the rules are all but the ignored ones', () => {
    expect(auditOptions({ ...given, ignore: ['no-keys'] })).toEqual({ maxKeyAgeDays: 90, unusedDays: 30, rules: ['stale', 'unused', 'inactive-leftover', 'retention-open'], failOn: [], deactivateUnused: false, apply: false });
  });
  it('refuses to fail on a rule that is switched off', () => {
    expect(() => auditOptions({ ...given, ignore: ['stale'], failOn: ['stale'] })).toThrow("fail-on: 'stale' is also in ignore-rules");
  });
  it('refuses to deactivate unused keys when unused is switched off', () => {
    expect(() => auditOptions({ ...given, ignore: ['unused'], deactivateUnused: true })).toThrow(/^deactivate-unused: deactivates the keys found 'unused', but ignore-rules switches that rule off$/);
  });
});

describe('Pool', () => {
  it('never runs more than its limit at once, and starts tasks in order', async () => {
    const pool = new Pool(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates: Array<() => void> = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      pool.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return i;
      }),
    );
    // Release the tasks one at a time, in whatever order they are waiting.
    while (started.length < 10 || gates.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    expect(await Promise.all(tasks)).toEqual([...Array(10).keys()]);
    expect(most).toBe(3);
    expect(started).toEqual([...Array(10).keys()]);
  });

  it('a failing task frees its slot and rejects only its own promise', async () => {
    const pool = new Pool(1);
    const failed = pool.run(() => {
      throw new Error('boom');
    });
    const next = pool.run(async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
