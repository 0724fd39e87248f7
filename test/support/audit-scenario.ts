/**
 * A ZenML server with one case of each audit rule, built on the fake's clock: the fake starts 200 days in
 * the past, records are made as its clock moves forward (logins and the rotation through HTTP, as a client
 * would make them), and it ends at the present, so that the bundled action and CLI, which read the real
 * clock, see the ages below. Shared by the CLI and the action tests.
 */
import { startFakeZenml, type FakeZenml, type FakeZenmlOptions } from '../fakes/zenml-server.ts';

const DAY = 86_400_000;
export const SCENARIO_ADMIN = { name: 'admin', password: 'audit-admin-password-never-shown' };

/** What the audit must find in the scenario (rule, account, key), in the order the audit reports them. */
export const SCENARIO_FINDINGS: ReadonlyArray<readonly [string, string, string | null]> = [
  ['stale', 'legacy', 'old-ci'],
  ['unused', 'legacy', 'old-ci'],
  ['inactive-leftover', 'legacy', 'retired'],
  ['inactive-leftover', 'abandoned', null],
  ['no-keys', 'empty', null],
  ['unused', 'deployer', 'idle'],
  ['retention-open', 'deployer', 'fresh'],
];

export interface Scenario {
  readonly zenml: FakeZenml;
  /** Every key value the scenario made: none may appear in anything an audit prints. */
  readonly keyValues: string[];
}

/** Logs in with a key over HTTP, which sets its last_login as a real client would. */
export async function loginWithKey(zenml: FakeZenml, key: string): Promise<void> {
  const answer = await fetch(`${zenml.url}/api/v1/login`, { method: 'POST', body: new URLSearchParams({ password: key }) });
  if (!answer.ok) throw new Error(`scenario: login with a key failed: ${answer.status}`);
}

/** Rotates a key over HTTP as the admin user, keeping the previous value for `retainMinutes`; returns the new value. */
export async function rotateAsAdmin(zenml: FakeZenml, account: string, key: string, retainMinutes: number): Promise<string> {
  const token = zenml.mintUserToken(SCENARIO_ADMIN.name);
  const csrf = zenml.csrfTokenFor(token);
  const view = zenml.inspectApiKey(account, key);
  if (!view) throw new Error(`scenario: no key ${account}/${key}`);
  const answer = await fetch(`${zenml.url}/api/v1/service_accounts/${view.serviceAccountId}/api_keys/${view.id}/rotate`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: JSON.stringify({ retain_period_minutes: retainMinutes }),
  });
  if (!answer.ok) throw new Error(`scenario: rotate failed: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { body: { key: string } }).body.key;
}

/** Starts a fake ZenML with the scenario; its request log is cleared, so a test counts only its own run. */
export async function startScenario(options: Omit<FakeZenmlOptions, 'now' | 'adminName' | 'adminPassword'> = {}): Promise<Scenario> {
  const origin = Date.now() - 200 * DAY;
  const zenml = await startFakeZenml({ ...options, now: () => new Date(origin), adminName: SCENARIO_ADMIN.name, adminPassword: SCENARIO_ADMIN.password });
  const keyValues: string[] = [];
  const seedKey = (account: string, name: string, active = true) => {
    const { key } = zenml.seedApiKey(account, name, { active });
    keyValues.push(key);
    return key;
  };
  // 200 days ago
  zenml.seedServiceAccount('legacy');
  seedKey('legacy', 'old-ci');
  seedKey('legacy', 'retired', false);
  zenml.seedServiceAccount('abandoned', { active: false });
  seedKey('abandoned', 'forgotten');
  zenml.seedServiceAccount('empty');
  // 60 days ago, used 40 days ago
  zenml.advanceClock(140 * DAY);
  zenml.seedServiceAccount('deployer');
  const idle = seedKey('deployer', 'idle');
  zenml.advanceClock(20 * DAY);
  await loginWithKey(zenml, idle);
  // Yesterday: a new key, rotated with two days of retention and used since.
  zenml.advanceClock(39 * DAY);
  seedKey('deployer', 'fresh');
  const rotated = await rotateAsAdmin(zenml, 'deployer', 'fresh', 2 * 24 * 60);
  keyValues.push(rotated);
  await loginWithKey(zenml, rotated);
  zenml.advanceClock(DAY - 60_000);
  zenml.requests.length = 0;
  return { zenml, keyValues };
}
