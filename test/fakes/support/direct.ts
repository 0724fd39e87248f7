// Raw HTTP against a fake ZenML server, for the tests that pin a generation's wire behaviour
// (zenml-074.test.ts, zenml-09x.test.ts): one fake per test, closed after it.
import { afterEach, expect } from 'vitest';
import { startFakeZenml } from '../zenml-server.ts';
import type { FakeZenml, FakeZenmlOptions } from '../zenml-server.ts';
import type { Generation } from '../zenml/profiles.ts';

/** Returns a `start` that runs a fake of this generation and closes it after the current test. */
export function fakesOf(generation: Generation): (options?: FakeZenmlOptions) => Promise<FakeZenml> {
  const running: FakeZenml[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((fake) => fake.close()));
  });
  return async (options = {}) => {
    const fake = await startFakeZenml({ generation, ...options });
    running.push(fake);
    return fake;
  };
}

export interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

/** Sends one request to the fake, with a bearer token, a JSON or a form body, and extra headers. */
export async function call(fake: FakeZenml, method: string, path: string, o: { token?: string; json?: unknown; form?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token !== undefined) headers['authorization'] = `Bearer ${o.token}`;
  let body: string | undefined;
  if (o.json !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(o.json)];
  if (o.form !== undefined) [headers['content-type'], body] = ['application/x-www-form-urlencoded', o.form];
  const response = await fetch(`${fake.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

export const adminForm = 'grant_type=password&username=default&password=';
export const keyForm = (key: string) => `grant_type=zenml-api-key&password=${encodeURIComponent(key)}`;
export const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

/** Logs in with a form (expecting 200) and returns the tokens and the session cookie. */
export async function login(fake: FakeZenml, form: string, headers: Record<string, string> = {}) {
  const answer = await call(fake, 'POST', '/api/v1/login', { form, headers });
  expect(answer.status).toBe(200);
  return { ...(JSON.parse(answer.text) as { access_token: string; csrf_token: string | null }), cookie: answer.headers.get('set-cookie') };
}

/** Seeds a service account with a key named `default`, and logs the admin in. */
export async function seeded(fake: FakeZenml, account: string, description: string) {
  const sa = fake.seedServiceAccount(account, { description });
  const key = fake.seedApiKey(account, 'default');
  const admin = (await login(fake, adminForm)).access_token;
  return { sa, key, admin, keyPath: `/api/v1/service_accounts/${sa.id}/api_keys` };
}
