// The fake's 0.74 profile against the real 0.74.0 server recorded in reference/zenml-0.74-live.md (T74 below).
// Each item of zenml-0.74-vs-fake.md §(b) is named in a test: fixed, or kept on purpose with the reason.
import { describe, expect, it } from 'vitest';
import { defaultGeneration, startFakeZenml } from './zenml-server.ts';
import { adminForm, call, claimsOf, keyForm, login, fakesOf, seeded as seededAs } from './support/direct.ts';

const start = fakesOf('0.74');
const seeded = (fake: Parameters<typeof seededAs>[0]) => seededAs(fake, 'ci-deployer', 'CI deployer');

describe('fake ZenML 0.74 vs the recorded server (zenml-0.74-vs-fake.md (b))', () => {
  it('(b)1, (b)5: a csrf_token only for a cross-site login; its texts as recorded (T74 §2, §3)', async () => {
    const fake = await start();
    const plain = await login(fake, adminForm);
    expect(plain.csrf_token).toBeNull();
    expect(Object.keys(claimsOf(plain.access_token))).toEqual(['sub', 'iss', 'aud']);
    expect((await call(fake, 'GET', '/api/v1/current-user', { token: plain.access_token })).status).toBe(200);
    const sameSite = await login(fake, adminForm, { origin: fake.url });
    expect(sameSite.csrf_token).toBeNull();
    const cross = await login(fake, adminForm, { origin: 'https://dashboard.example.com' });
    expect(cross.csrf_token).toEqual(expect.any(String));
    expect(Object.keys(claimsOf(cross.access_token))).toEqual(['sub', 'iss', 'aud', 'session_id']);
    expect(cross.cookie).toMatch(/; HttpOnly; Path=\/; SameSite=none; Secure$/);
    const without = await call(fake, 'GET', '/api/v1/current-user', { token: cross.access_token });
    expect([without.status, without.text]).toEqual([401, '{"detail":["CredentialsNotValid","Authentication error: missing CSRF token"]}']);
    const wrong = await call(fake, 'GET', '/api/v1/current-user', { token: cross.access_token, headers: { 'x-csrf-token': 'abc' } });
    expect([wrong.status, wrong.text]).toEqual([401, '{"detail":["CredentialsNotValid","Invalid CSRF token: signature mismatch"]}']);
    const right = await call(fake, 'GET', '/api/v1/current-user', { token: cross.access_token, headers: { 'X-CSRF-Token': cross.csrf_token! } });
    expect(right.status).toBe(200);
  });

  it('(b)2, (b)3, (b)9: bad-token texts quote PyJWT; WWW-Authenticate only without credentials; a key is no bearer (T74 §4, §7)', async () => {
    const fake = await start();
    const { key, admin } = await seeded(fake);
    const none = await call(fake, 'GET', '/api/v1/current-user');
    expect([none.status, none.text, none.headers.get('www-authenticate')]).toEqual([401, '{"detail":"Not authenticated"}', 'Bearer']);
    const garbage = await call(fake, 'GET', '/api/v1/current-user', { token: 'not-a-jwt' });
    expect([garbage.text, garbage.headers.get('www-authenticate')]).toEqual([
      '{"detail":["CredentialsNotValid","Authentication error: error decoding access token: Invalid JWT token: Not enough segments."]}',
      null,
    ]);
    const forged = `${admin.split('.').slice(0, 2).join('.')}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    expect((await call(fake, 'GET', '/api/v1/current-user', { token: forged })).text).toBe(
      '{"detail":["CredentialsNotValid","Authentication error: error decoding access token: Invalid JWT token: Signature verification failed."]}',
    );
    const asBearer = await call(fake, 'GET', '/api/v1/current-user', { token: key.key });
    expect([asBearer.status, asBearer.text]).toEqual([401, garbage.text]);
    const wrongPassword = await call(fake, 'POST', '/api/v1/login', { form: 'username=default&password=nope' });
    expect(wrongPassword.text).toBe('{"detail":["CredentialsNotValid","Authentication error: invalid username or password"]}');
  });

  it('(b)4: query validation is a bare array for size, ZenML\'s detail for sort_by (T74 §5)', async () => {
    const fake = await start();
    const { admin } = await seeded(fake);
    const size = await call(fake, 'GET', '/api/v1/service_accounts?size=0', { token: admin });
    expect([size.status, size.text]).toEqual([
      422,
      JSON.stringify(['ValueError', "1 validation error:\n  {'type': 'greater_than_equal', 'loc': ('query', 'size'), 'msg': 'Input should be greater than or equal to 1', 'input': '0', 'ctx': {'ge': 1}}"]),
    ]);
    const sort = await call(fake, 'GET', '/api/v1/service_accounts?sort_by=bogus', { token: admin });
    expect([sort.status, sort.text]).toEqual([
      422,
      '{"detail":["ValueError","1 validation error for ServiceAccountFilter\\nsort_by\\n  Value error, You can only sort by valid fields of this resource [type=value_error, input_value=\'bogus\', input_type=str]\\n    For further information visit https://errors.pydantic.dev/2.13/v/value_error"]}',
    ]);
    const page = await call(fake, 'GET', '/api/v1/service_accounts?page=5', { token: admin });
    expect(page.text).toBe('{"detail":["ValueError","Invalid page 5. The requested page size is 20 and there are a total of 1 items for this query. The maximum page value therefore is 1."]}');
  });

  it('(b)7: pydantic-v2 validation texts, without the recorded build\'s "File …" suffix (T74 §5, §6)', async () => {
    const fake = await start();
    const { sa, admin } = await seeded(fake);
    const v2 = (text: string) => JSON.stringify(['ValueError', `1 validation error:\n  ${text}`]);
    const noActive = await call(fake, 'POST', '/api/v1/service_accounts', { token: admin, json: { name: 'sa-noactive' } });
    expect([noActive.status, noActive.text]).toEqual([422, v2("{'type': 'missing', 'loc': ('body', 'active'), 'msg': 'Field required', 'input': {'name': 'sa-noactive'}}")]);
    const long = await call(fake, 'POST', '/api/v1/service_accounts', { token: admin, json: { name: 'a'.repeat(256), active: true } });
    expect(long.text).toBe(v2(`{'type': 'string_too_long', 'loc': ('body', 'name'), 'msg': 'String should have at most 255 characters', 'input': '${'a'.repeat(256)}', 'ctx': {'max_length': 255}}`));
    const maybe = await call(fake, 'PUT', '/api/v1/service_accounts/ci-deployer', { token: admin, json: { active: 'maybe' } });
    expect(maybe.text).toBe(v2("{'type': 'bool_parsing', 'loc': ('body', 'active'), 'msg': 'Input should be a valid boolean, unable to interpret input', 'input': 'maybe'}"));
    const byName = await call(fake, 'POST', '/api/v1/service_accounts/ci-deployer/api_keys', { token: admin, json: { name: 'byname' } });
    expect(byName.text).toBe(
      v2("{'type': 'uuid_parsing', 'loc': ('path', 'service_account_id'), 'msg': 'Input should be a valid UUID, invalid character: found `i` at 2', 'input': 'ci-deployer', 'ctx': {'error': 'invalid character: found `i` at 2'}}"),
    );
    const noBody = await call(fake, 'PUT', `/api/v1/service_accounts/${sa.id}/api_keys/default/rotate`, { token: admin });
    expect(noBody.text).toBe(v2("{'type': 'missing', 'loc': ('body',), 'msg': 'Field required', 'input': None}"));
  });

  it('(b)6, (b)11: the user model has no hub_token; a service account has no display fields (T74 §4, §5)', async () => {
    const fake = await start();
    const { admin } = await seeded(fake);
    const me = JSON.parse((await call(fake, 'GET', '/api/v1/current-user', { token: admin })).text);
    expect(me.metadata).toEqual({ email: null, external_user_id: null, user_metadata: {} });
    const made = await call(fake, 'POST', '/api/v1/service_accounts', { token: admin, json: { name: 'ci-second', description: 'second', active: true, full_name: 'CI Second', avatar_url: 'https://x/y.png', bogus: 1 } });
    const body = JSON.parse(made.text);
    expect(Object.keys(body.body)).toEqual(['created', 'updated', 'active']);
    expect(body.metadata).toEqual({ description: 'second' });
  });

  it('(b)8, (b)10: any account mutates; tokens are deterministic and survive rotation (T74 §9, §11)', async () => {
    const fake = await start();
    const { sa, key, admin, keyPath } = await seeded(fake);
    fake.addUser({ name: 'bob', password: 'BobPassw0rd!' });
    const bob = (await login(fake, 'grant_type=password&username=bob&password=BobPassw0rd!')).access_token;
    expect((await call(fake, 'POST', '/api/v1/service_accounts', { token: bob, json: { name: 'bob-sa', active: true } })).status).toBe(200);
    expect((await call(fake, 'POST', keyPath, { token: bob, json: { name: 'bob-key' } })).status).toBe(200);
    expect((await call(fake, 'DELETE', `${keyPath}/bob-key`, { token: bob })).text).toBe('null');
    const t0 = (await login(fake, keyForm(key.key))).access_token;
    expect(Object.keys(claimsOf(t0))).toEqual(['sub', 'iss', 'aud', 'api_key_id']);
    // The service account rotates its own key with its own token; the token it used stays good.
    const rotated = await call(fake, 'PUT', `${keyPath}/default/rotate`, { token: t0, json: { retain_period_minutes: 0 } });
    expect(rotated.status).toBe(200);
    const k1 = JSON.parse(rotated.text).body.key as string;
    expect((await login(fake, keyForm(k1))).access_token).toBe(t0);
    await call(fake, 'PUT', `${keyPath}/default/rotate`, { token: admin, json: {} });
    expect((await call(fake, 'GET', '/api/v1/current-user', { token: t0 })).status).toBe(200);
    expect(fake.inspectApiKey(sa.id, 'default')?.rotations).toBe(2);
  });

  it('(b)12: /info names pro_tenant_*; no /ready (T74 §1). Kept: deployment_type docker and last_user_activity null', async () => {
    const fake = await start();
    const info = JSON.parse((await call(fake, 'GET', '/api/v1/info')).text);
    expect(Object.keys(info)).toEqual([
      'id', 'version', 'active', 'debug', 'deployment_type', 'database_type', 'secrets_store_type', 'auth_scheme', 'server_url', 'dashboard_url',
      'analytics_enabled', 'metadata', 'name', 'last_user_activity', 'pro_dashboard_url', 'pro_api_url', 'pro_organization_id',
      'pro_organization_name', 'pro_tenant_id', 'pro_tenant_name',
    ]);
    expect(info.version).toBe('0.74.0');
    // The real values depend on how the server runs (docker image: "docker"); no client reads them.
    expect([info.deployment_type, info.last_user_activity]).toEqual(['docker', null]);
    // Kept: the recorded /ready fell to the dashboard catch-all (index.html, or 500 without a dashboard);
    // the fake serves no dashboard, so the route is simply unknown.
    expect((await call(fake, 'GET', '/ready')).status).toBe(404);
  });

  it('(b)13: a fresh server is not active until PUT /api/v1/activate; the default is auto-activated on purpose (T74 §2)', async () => {
    const fake = await start({ activated: false });
    expect(JSON.parse((await call(fake, 'GET', '/api/v1/info')).text).active).toBe(false);
    expect((await call(fake, 'POST', '/api/v1/login', { form: adminForm })).status).toBe(401);
    const made = await call(fake, 'PUT', '/api/v1/activate', { json: { admin_username: 'admin', admin_password: 'AdminPassw0rd!' } });
    expect(made.status).toBe(200);
    expect(JSON.parse(made.text)).toMatchObject({ name: 'admin', body: { is_admin: true, is_service_account: false } });
    const again = await call(fake, 'PUT', '/api/v1/activate', { json: { admin_username: 'admin2', admin_password: 'x' } });
    expect([again.status, again.text]).toEqual([403, '{"detail":["IllegalOperationError","The server is already active."]}']);
    expect(JSON.parse((await call(fake, 'GET', '/api/v1/info')).text).active).toBe(true);
    await login(fake, 'grant_type=password&username=admin&password=AdminPassw0rd!');
    // Deliberate default: tests, the demo and `npm run fakes` start like ZENML_SERVER_AUTO_ACTIVATE=1 (the
    // docker image's test setting), with the admin user already there.
    const auto = await start();
    expect(JSON.parse((await call(auto, 'GET', '/api/v1/info')).text).active).toBe(true);
  });
});

describe('the generation of a fake started without one', () => {
  it('is 0.58, or what ZENML_FAKE_GENERATION names; a wrong name is refused', async () => {
    expect(defaultGeneration({})).toBe('0.58');
    expect(defaultGeneration({ ZENML_FAKE_GENERATION: '0.74' })).toBe('0.74');
    expect(defaultGeneration({ ZENML_FAKE_GENERATION: '0.9X' })).toBe('0.9x');
    expect(() => defaultGeneration({ ZENML_FAKE_GENERATION: '0.80' })).toThrow("ZENML_FAKE_GENERATION must be one of 0.58, 0.74, 0.9x, not '0.80'");
    const fake = await startFakeZenml();
    try {
      expect(fake.generation).toBe(defaultGeneration());
    } finally {
      await fake.close();
    }
  });
});
