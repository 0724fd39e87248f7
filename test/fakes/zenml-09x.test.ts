// The fake's 0.9x profile: 0.74 plus what only documentation says of later servers (reference/zenml-api.md,
// PRs #4116, #5007, #5025). No 0.9x server was run: these tests pin the fake to the documents, not to a recording.
import { describe, expect, it } from 'vitest';
import { call, keyForm, login, fakesOf, seeded as seededAs } from './support/direct.ts';

const start = fakesOf('0.9x');
const seeded = (fake: Parameters<typeof seededAs>[0]) => seededAs(fake, 'gha-rotator', 'rotates keys');

describe('fake ZenML 0.9x (documentation only)', () => {
  it('reports the 0.9x /info, compact keys and, when every login is bound, a csrf_token; requires X-CSRF-Token', async () => {
    const fake = await start({ csrfEveryLogin: true });
    const info = JSON.parse((await call(fake, 'GET', '/api/v1/info')).text);
    expect(info).toMatchObject({ version: '0.97.0', pro_api_url: null });
    expect(info).not.toHaveProperty('use_legacy_dashboard');
    const { key } = await seeded(fake);
    expect(key.key).toHaveLength(167);
    const answer = JSON.parse((await call(fake, 'POST', '/api/v1/login', { form: keyForm(key.key) })).text);
    expect(Object.keys(answer)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_token', 'csrf_token', 'scope', 'device_id', 'device_metadata']);
    expect(answer.csrf_token).toEqual(expect.any(String));
    const without = await call(fake, 'GET', '/api/v1/current-user', { token: answer.access_token });
    expect([without.status, without.text]).toEqual([401, '{"detail":["CredentialsNotValid","Authentication error: missing CSRF token"]}']);
    const withCsrf = await call(fake, 'GET', '/api/v1/current-user', { token: answer.access_token, headers: { 'x-csrf-token': answer.csrf_token } });
    expect(withCsrf.status).toBe(200);
    expect((await call(fake, 'GET', '/api/v1/current-user', { token: key.key })).status).toBe(200);
  });

  it('lets only admins mutate, and revokes tokens of old key generations', async () => {
    const fake = await start();
    const { admin, keyPath, key } = await seeded(fake);
    const saToken = (await login(fake, keyForm(key.key))).access_token;
    const denied = await call(fake, 'PUT', `${keyPath}/default/rotate`, { token: saToken, json: {} });
    expect([denied.status, denied.text]).toEqual([403, '{"detail":["IllegalOperationError","Only admin users can perform `rotate API key` without RBAC enabled."]}']);
    expect((await call(fake, 'GET', keyPath, { token: saToken })).status).toBe(200);
    await call(fake, 'PUT', `${keyPath}/default/rotate`, { token: admin, json: { retain_period_minutes: 5 } });
    expect((await call(fake, 'GET', '/api/v1/current-user', { token: saToken })).status).toBe(200);
    fake.advanceClock(5 * 60_000);
    const revoked = await call(fake, 'GET', '/api/v1/current-user', { token: saToken });
    expect(revoked.status).toBe(401);
    expect(JSON.parse(revoked.text).detail[0]).toBe('CredentialsNotValid');
    await call(fake, 'PUT', `${keyPath}/default`, { token: admin, json: { active: false } });
    await call(fake, 'PUT', `${keyPath}/default`, { token: admin, json: { description: 'no trap here' } });
    expect(fake.inspectApiKey('gha-rotator', 'default')?.active).toBe(false);
  });
  it('PR #4116: the key itself is a bearer, checked in full on every request', async () => {
    const fake = await start();
    const { key, keyPath } = await seeded(fake);
    expect((await call(fake, 'GET', '/api/v1/current-user', { token: key.key })).status).toBe(200);
    expect(fake.inspectApiKey('gha-rotator', 'default')?.lastLogin).not.toBeNull();
    const decoded = JSON.parse(Buffer.from(key.key.slice(7), 'base64').toString()) as { id: string; key: string };
    const forged = `ZENKEY_${Buffer.from(JSON.stringify({ id: decoded.id, key: '0'.repeat(64) })).toString('base64')}`;
    const refused = await call(fake, 'GET', keyPath, { token: forged });
    expect([refused.status, refused.text]).toEqual([401, '{"detail":["CredentialsNotValid","Authentication error: could not verify key value for API key default"]}']);
  });

  it('dashboard schema of 2026-07: /info with pro_workspace_*, /ready, service accounts with display fields', async () => {
    const fake = await start();
    const { admin } = await seeded(fake);
    const info = JSON.parse((await call(fake, 'GET', '/api/v1/info')).text);
    expect(info).toMatchObject({ version: '0.97.0', pro_workspace_id: null, pro_workspace_name: null });
    expect(info).not.toHaveProperty('pro_tenant_id');
    expect((await call(fake, 'GET', '/ready')).text).toBe('"OK"');
    const made = JSON.parse((await call(fake, 'POST', '/api/v1/service_accounts', { token: admin, json: { name: 'x', active: true, full_name: 'X' } })).text);
    expect(made.body).toMatchObject({ full_name: 'X', avatar_url: null });
    expect(made.metadata).toEqual({ description: '', external_user_id: null });
  });
});
