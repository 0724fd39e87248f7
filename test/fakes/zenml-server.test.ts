import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeZenml } from './zenml-server.ts';
import type { FakeZenml, FakeZenmlOptions } from './zenml-server.ts';

interface CallOptions {
  token?: string;
  json?: unknown;
  form?: string;
  body?: string;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

const running: FakeZenml[] = [];

// These tests pin the 0.58 recording, whatever ZENML_FAKE_GENERATION says.
async function start(options: FakeZenmlOptions = {}): Promise<FakeZenml> {
  const fake = await startFakeZenml({ generation: '0.58', ...options });
  running.push(fake);
  return fake;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

async function call(fake: FakeZenml, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.body;
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.form;
  }
  const response = await fetch(`${fake.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const keyForm = (key: string): string => `grant_type=zenml-api-key&password=${encodeURIComponent(key)}`;

async function loginWithKey(fake: FakeZenml, key: string): Promise<Answer> {
  return call(fake, 'POST', '/api/v1/login', { form: keyForm(key) });
}

async function tokenOf(answer: Promise<Answer>): Promise<string> {
  const { status, text } = await answer;
  expect(status).toBe(200);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

/** Seeds SA `gha-rotator` with key `default`, returns their ids, the key and an admin token. */
async function seeded(fake: FakeZenml) {
  const sa = fake.seedServiceAccount('gha-rotator', { description: 'rotates keys' });
  const key = fake.seedApiKey('gha-rotator', 'default', { description: 'first key' });
  const admin = await tokenOf(call(fake, 'POST', '/api/v1/login', { form: 'username=default&password=' }));
  return { sa, key, admin, keyPath: `/api/v1/service_accounts/${sa.id}/api_keys` };
}

describe('fake ZenML 0.58: public endpoints and login', () => {
  it('answers /health, /info and /version like 0.58', async () => {
    const fake = await start();
    expect(await call(fake, 'GET', '/health')).toMatchObject({ status: 200, text: '"OK"' });
    const info = await call(fake, 'GET', '/api/v1/info');
    expect(info.text).toBe(
      `{"id":"${fake.serverId}","version":"0.58.0","active":true,"debug":false,"deployment_type":"docker","database_type":"sqlite","secrets_store_type":"sql","auth_scheme":"OAUTH2_PASSWORD_BEARER","server_url":"","dashboard_url":"","analytics_enabled":false,"metadata":{},"use_legacy_dashboard":false}`,
    );
    expect(info.headers.get('server')).toBe(`uvicorn, ${fake.serverId}`);
    expect((await call(fake, 'GET', '/api/v1/version')).text).toBe('"0.58.0"');
  });

  it('logs in with the password grant: exact token body, cookie, claims without iat/exp', async () => {
    const fake = await start();
    const answer = await call(fake, 'POST', '/api/v1/login', { form: 'username=default&password=' });
    const token = JSON.parse(answer.text).access_token as string;
    expect(answer.text).toBe(`{"access_token":"${token}","token_type":"bearer","expires_in":null,"refresh_token":null,"scope":null}`);
    expect(answer.headers.get('set-cookie')).toBe(`zenml-server-${fake.serverId}=${token}; HttpOnly; Path=/; SameSite=lax`);
    expect(token.startsWith('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.')).toBe(true);
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(Object.keys(claims)).toEqual(['sub', 'iss', 'aud']);
    expect(claims.iss).toBe(fake.serverId);
  });

  it.each([
    ['JSON body', { json: { grant_type: 'zenml-api-key', password: 'ZENKEY_x' } }, 400, '{"detail":"Unsupported grant type: zenml-external."}'],
    ['HTTP Basic only', { headers: { authorization: 'Basic ZGVmYXVsdDo=' } }, 400, '{"detail":"Unsupported grant type: zenml-external."}'],
    ['empty key', { form: 'grant_type=zenml-api-key&password=' }, 400, '{"detail":"API key is required."}'],
    ['unknown grant', { form: 'grant_type=bogus&password=x' }, 400, '{"detail":"Unsupported grant type: bogus"}'],
    ['wrong password', { form: 'username=default&password=nope' }, 401, '{"detail":["AuthorizationException","Authentication error: invalid username or password"]}'],
    ['SA name with key', { form: 'username=gha-rotator&password=<KEY>' }, 401, '{"detail":["AuthorizationException","Authentication error: invalid username or password"]}'],
    ['undecodable key', { form: 'grant_type=zenml-api-key&password=ZENKEY_not-base64!!' }, 401, '{"detail":["AuthorizationException","Authentication error: error decoding API key"]}'],
    ['key without secret', { form: 'password=ZENKEY_eyJpZCI6ICIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ==' }, 401, '{"detail":["AuthorizationException","Authentication error: error decoding API key"]}'],
    ['unknown key id', { form: 'password=ZENKEY_eyJpZCI6ICIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCAia2V5IjogImFiY2QifQ==' }, 401, '{"detail":["AuthorizationException","Authentication error: error retrieving API key 00000000-0000-4000-8000-000000000000"]}'],
  ] as const)('rejects a login with %s', async (_, options, status, text) => {
    const fake = await start();
    const { key } = await seeded(fake);
    const form = 'form' in options ? options.form.replace('<KEY>', encodeURIComponent(key.key)) : undefined;
    const answer = await call(fake, 'POST', '/api/v1/login', { ...options, ...(form === undefined ? {} : { form }) });
    expect({ status: answer.status, text: answer.text }).toEqual({ status, text });
  });

  it('accepts every key spelling 0.58 accepts and gives byte-identical tokens per key id', async () => {
    const fake = await start();
    const { key, sa } = await seeded(fake);
    expect(key.key).toHaveLength(171);
    const decoded = JSON.parse(Buffer.from(key.key.slice(7), 'base64').toString()) as { id: string; key: string };
    expect(Buffer.from(key.key.slice(7), 'base64').toString()).toBe(`{"id": "${key.id}", "key": "${decoded.key}"}`);
    const compact = `ZENKEY_${Buffer.from(JSON.stringify(decoded)).toString('base64')}`;
    const bodies = [
      keyForm(key.key),
      `password=${encodeURIComponent(key.key)}`,
      `grant_type=zenml-api-key&password=${key.key}`, // '==' padding not percent-encoded
      `grant_type=zenml-api-key&password=${encodeURIComponent(key.key.slice(7))}`, // no prefix
      keyForm(compact),
    ];
    const tokens = await Promise.all(bodies.map((form) => tokenOf(call(fake, 'POST', '/api/v1/login', { form }))));
    expect(new Set(tokens).size).toBe(1);
    const claims = JSON.parse(Buffer.from(tokens[0]?.split('.')[1] ?? '', 'base64url').toString());
    expect(Object.entries(claims)).toEqual(Object.entries({ sub: sa.id, iss: fake.serverId, aud: fake.serverId, api_key_id: key.id }));
  });
});

describe('fake ZenML 0.58: bearer authentication', () => {
  it('answers missing and garbage tokens with the plain-string details', async () => {
    const fake = await start();
    const none = await call(fake, 'GET', '/api/v1/service_accounts');
    expect([none.status, none.text, none.headers.get('www-authenticate')]).toEqual([401, '{"detail":"Not authenticated"}', 'Bearer']);
    const garbage = await call(fake, 'GET', '/api/v1/service_accounts', { token: 'garbage' });
    expect([garbage.status, garbage.text]).toEqual([
      401,
      '{"detail":"Authentication error: error decoding access token. You may need to rerun zenml connect."}',
    ]);
  });

  it('reads the auth cookie before the Authorization header, and accepts a lower-case scheme', async () => {
    const fake = await start();
    const { admin } = await seeded(fake);
    const lower = await call(fake, 'GET', '/api/v1/current-user', { headers: { authorization: `bearer ${admin}` } });
    expect(lower.status).toBe(200);
    const stale = await call(fake, 'GET', '/api/v1/current-user', {
      token: admin,
      headers: { cookie: `zenml-server-${fake.serverId}=stale` },
    });
    expect(stale.status).toBe(401);
    expect(fake.requests.at(-1)?.headers['cookie']).toBe(`zenml-server-${fake.serverId}=stale`);
  });

  it('re-checks key tokens on every request: deactivation, SA deactivation, deletion; rotation does not revoke', async () => {
    const fake = await start();
    const { sa, key, admin, keyPath } = await seeded(fake);
    const token = await tokenOf(loginWithKey(fake, key.key));
    const me = () => call(fake, 'GET', '/api/v1/current-user', { token });
    expect(JSON.parse((await me()).text).body).toMatchObject({ is_service_account: true, is_admin: false });
    fake.advanceClock(1000);
    const before = fake.inspectApiKey('gha-rotator', 'default')?.lastLogin;
    await me();
    expect(fake.inspectApiKey('gha-rotator', 'default')?.lastLogin).not.toBe(before);
    await call(fake, 'PUT', `${keyPath}/default/rotate`, { token: admin, json: {} });
    expect((await me()).status).toBe(200);
    await call(fake, 'PUT', `${keyPath}/default`, { token: admin, json: { active: false } });
    expect((await me()).text).toBe('{"detail":"Authentication error: API key default associated with service account gha-rotator is not active"}');
    await call(fake, 'PUT', `${keyPath}/default`, { token: admin, json: { active: true } });
    await call(fake, 'PUT', `/api/v1/service_accounts/${sa.id}`, { token: admin, json: { active: false } });
    expect((await me()).text).toBe('{"detail":"Authentication error: account gha-rotator is not active"}');
    await call(fake, 'PUT', `/api/v1/service_accounts/gha-rotator`, { token: admin, json: { active: true } });
    expect((await me()).status).toBe(200);
    await call(fake, 'DELETE', `${keyPath}/${key.id}`, { token: admin });
    expect((await me()).text).toBe(`{"detail":"Authentication error: error retrieving API key ${key.id}"}`);
    await call(fake, 'DELETE', `/api/v1/service_accounts/gha-rotator`, { token: admin });
    expect((await me()).text).toBe(`{"detail":"Authentication error: error retrieving token account ${sa.id}"}`);
  });
});

describe('fake ZenML 0.58: service accounts', () => {
  it.each([
    ['missing active', 'POST', '/api/v1/service_accounts', { json: { name: 'x' } }, 422, '["ValueError","1 validation error for Request\\nbody -> active\\n  field required (type=value_error.missing)"]'],
    ['256-char name', 'POST', '/api/v1/service_accounts', { json: { name: 'a'.repeat(256), active: true } }, 422, '["ValueError","1 validation error for Request\\nbody -> name\\n  ensure this value has at most 255 characters (type=value_error.any_str.max_length; limit_value=255)"]'],
    ['form content type', 'POST', '/api/v1/service_accounts', { body: '{"name":"ct","active":true}', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 422, '["ValueError","1 validation error for Request\\nbody\\n  value is not a valid dict (type=type_error.dict)"]'],
    ['duplicate', 'POST', '/api/v1/service_accounts', { json: { name: 'gha-rotator', active: true } }, 409, `{"detail":["EntityExistsError","Unable to create service account with name 'gha-rotator': Found existing service account with this name."]}`],
    ['unknown name', 'GET', '/api/v1/service_accounts/no-such-sa', {}, 404, `{"detail":["KeyError","\\"No service account with the 'no-such-sa' name or ID was found\\""]}`],
    ['the admin user', 'GET', '/api/v1/service_accounts/default', {}, 404, `{"detail":["KeyError","\\"No service account with the 'default' name or ID was found\\""]}`],
    ['trailing slash', 'GET', '/api/v1/service_accounts/', {}, 404, '{"detail":"Not Found"}'],
    ['no partial name match', 'GET', '/api/v1/service_accounts?name=gha', {}, 200, '{"index":1,"max_size":20,"total_pages":1,"total":0,"items":[]}'],
    ['page out of range', 'GET', '/api/v1/service_accounts?page=3', {}, 400, '{"detail":["ValueError","Invalid page 3. The requested page size is 20 and there are a total of 1 items for this query. The maximum page value therefore is 1."]}'],
    ['delete', 'DELETE', '/api/v1/service_accounts/gha-rotator', {}, 200, 'null'],
  ] as const)('answers %s exactly', async (_, method, path, options, status, text) => {
    const fake = await start();
    const { admin } = await seeded(fake);
    const answer = await call(fake, method, path, { token: admin, ...options });
    expect({ status: answer.status, text: answer.text }).toEqual({ status, text });
  });

  it('creates (200, hydrated), lists unhydrated, filters with contains:, updates partially', async () => {
    const fake = await start();
    const { admin } = await seeded(fake);
    const created = await call(fake, 'POST', '/api/v1/service_accounts', { token: admin, json: { name: 'ci', active: true } });
    const sa = JSON.parse(created.text);
    expect(created.status).toBe(200);
    expect(Object.keys(sa)).toEqual(['body', 'metadata', 'resources', 'id', 'permission_denied', 'name']);
    expect(sa.body.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(sa.metadata).toEqual({ description: '' });
    const list = JSON.parse((await call(fake, 'GET', '/api/v1/service_accounts?name=contains:i', { token: admin })).text);
    expect(list.items.map((item: { name: string; metadata: unknown }) => [item.name, item.metadata])).toEqual([['ci', null]]);
    const updated = JSON.parse((await call(fake, 'PUT', '/api/v1/service_accounts/ci', { token: admin, json: { description: 'd', active: null } })).text);
    expect(updated.body.active).toBe(true);
    expect(updated.metadata.description).toBe('d');
  });
});

describe('fake ZenML 0.58: API keys', () => {
  it.each([
    ['SA name in the path', 'GET', '/api/v1/service_accounts/gha-rotator/api_keys', {}, 422, '["ValueError","1 validation error for Request\\npath -> service_account_id\\n  value is not a valid uuid (type=type_error.uuid)"]'],
    ['unknown key', 'GET', 'KEYS/nokey', {}, 404, `{"detail":["KeyError","\\"An API key with ID or name 'nokey' is not configured for service account with ID 'SAID'.\\""]}`],
    ['duplicate key', 'POST', 'KEYS', { json: { name: 'default' } }, 409, `{"detail":["EntityExistsError","Unable to register API key with name 'default': Found an existing API key with the same name configured for the same 'gha-rotator' service account."]}`],
    ['rotate without body', 'PUT', 'KEYS/default/rotate', {}, 422, '["ValueError","1 validation error for Request\\nbody\\n  field required (type=value_error.missing)"]'],
    ['rotate with a string', 'PUT', 'KEYS/default/rotate', { json: { retain_period_minutes: 'abc' } }, 422, '["ValueError","1 validation error for Request\\nbody -> retain_period_minutes\\n  value is not a valid integer (type=type_error.integer)"]'],
    ['unknown SA id', 'GET', '/api/v1/service_accounts/00000000-0000-4000-8000-000000000000/api_keys', {}, 404, `{"detail":["KeyError","\\"No service account with the '00000000-0000-4000-8000-000000000000' name or ID was found\\""]}`],
  ] as const)('answers %s exactly', async (_, method, path, options, status, text) => {
    const fake = await start();
    const { admin, keyPath, sa } = await seeded(fake);
    const answer = await call(fake, method, path.replace('KEYS', keyPath), { token: admin, ...options });
    expect({ status: answer.status, text: answer.text }).toEqual({ status, text: text.replace('SAID', sa.id) });
  });

  it('re-activates a key on an update without "active" (the 0.58 trap)', async () => {
    const fake = await start();
    const { admin, keyPath, key } = await seeded(fake);
    await call(fake, 'PUT', `${keyPath}/default`, { token: admin, json: { active: false } });
    expect(fake.keyLogsIn(key.key)).toBe(false);
    const answer = await call(fake, 'PUT', `${keyPath}/default`, { token: admin, json: { description: 'renamed' } });
    expect(JSON.parse(answer.text).body.active).toBe(true);
    expect(fake.keyLogsIn(key.key)).toBe(true);
    await call(fake, 'PUT', `${keyPath}/default`, { token: admin, json: { active: false } });
    await call(fake, 'PUT', `${keyPath}/default`, { token: admin, json: { description: 'x', active: null } });
    expect(fake.inspectApiKey('gha-rotator', 'default')?.active).toBe(false);
  });

  it('keeps exactly one previous secret, per the latest rotation, until the retention ends', async () => {
    const fake = await start();
    const { admin, keyPath, key } = await seeded(fake);
    const rotate = async (body: object): Promise<string> => {
      const answer = await call(fake, 'PUT', `${keyPath}/default/rotate`, { token: admin, json: body });
      const parsed = JSON.parse(answer.text);
      expect([answer.status, parsed.metadata, parsed.id]).toEqual([200, null, key.id]);
      return parsed.body.key as string;
    };
    const k1 = key.key;
    const k2 = await rotate({ retain_period_minutes: 0 });
    expect([fake.keyLogsIn(k1), fake.keyLogsIn(k2)]).toEqual([false, true]);
    expect((await loginWithKey(fake, k1)).text).toBe(
      '{"detail":["AuthorizationException","Authentication error: could not verify key value for API key default"]}',
    );
    const k3 = await rotate({ retain_period_minutes: 60 });
    expect([fake.keyLogsIn(k2), fake.keyLogsIn(k3)]).toEqual([true, true]);
    const k4 = await rotate({ retain_period_minutes: 60 });
    expect([fake.keyLogsIn(k2), fake.keyLogsIn(k3), fake.keyLogsIn(k4)]).toEqual([false, true, true]);
    fake.advanceClock(59 * 60_000);
    expect(fake.keyLogsIn(k3)).toBe(true);
    fake.advanceClock(61_000);
    expect([fake.keyLogsIn(k3), fake.keyLogsIn(k4)]).toEqual([false, true]);
    const k5 = await rotate({ retain_period_minutes: -5 });
    expect([fake.keyLogsIn(k4), fake.keyLogsIn(k5)]).toEqual([false, true]);
    const view = JSON.parse((await call(fake, 'GET', `${keyPath}/default`, { token: admin })).text);
    expect(view.metadata).toMatchObject({ retain_period_minutes: -5, last_rotated: expect.stringMatching(/\.\d{6}$/) });
    expect(view.body.key).toBeNull();
    expect(fake.inspectApiKey('gha-rotator', key.id)?.rotations).toBe(4);
  });
});

describe('fake ZenML faults and the request log', () => {
  it('applies a request whose response is lost', async () => {
    const fake = await start();
    const { admin, keyPath, key } = await seeded(fake);
    fake.loseResponse({ method: 'PUT', path: /\/rotate$/ });
    await expect(call(fake, 'PUT', `${keyPath}/default/rotate`, { token: admin, json: {} })).rejects.toThrow();
    expect(fake.inspectApiKey('gha-rotator', 'default')?.rotations).toBe(1);
    expect(fake.keyLogsIn(key.key)).toBe(false);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', status: 200, lost: true, body: '{}' });
  });

  it('fails the Nth matching request without applying it, with a proxy page when asked', async () => {
    const fake = await start();
    const { admin } = await seeded(fake);
    fake.failNth({ n: 2, status: 502, html: true, method: 'POST', path: /^\/api\/v1\/service_accounts$/ });
    const create = (name: string) => call(fake, 'POST', '/api/v1/service_accounts', { token: admin, json: { name, active: true } });
    expect((await create('one')).status).toBe(200);
    const failed = await create('two');
    expect([failed.status, failed.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(failed.text).toContain('<title>502 Bad Gateway</title>');
    expect(fake.inspectServiceAccount('two')).toBeUndefined();
    expect((await create('three')).status).toBe(200);
  });

  it('rate-limits logins like 0.58 when switched on; a success resets; forced 429s', async () => {
    const fake = await start({ loginRateLimit: true });
    const attempt = (form: string, headers: Record<string, string> = {}) => call(fake, 'POST', '/api/v1/login', { form, headers });
    for (let i = 0; i < 4; i += 1) expect((await attempt('username=default&password=wrong')).status).toBe(401);
    expect((await attempt('username=default&password=')).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await attempt('username=default&password=wrong')).status).toBe(401);
    const limited = await attempt('username=default&password=');
    expect([limited.status, limited.text, limited.headers.get('retry-after')]).toEqual([429, '{"detail":"Minute request limit exceeded."}', null]);
    expect((await attempt('username=default&password=', { X_FORWARDED_FOR: '10.9.9.9' })).status).toBe(200);
    fake.advanceClock(61_000);
    expect((await attempt('username=default&password=')).status).toBe(200);
    fake.rateLimitNextLogins(1);
    expect((await attempt('username=default&password=')).status).toBe(429);
    expect((await attempt('username=default&password=')).status).toBe(200);
  });

  it('logs method, path, query, lower-case headers and the raw (percent-encoded) body', async () => {
    const fake = await start();
    const { key } = await seeded(fake);
    await loginWithKey(fake, key.key);
    const entry = fake.requests.at(-1);
    expect(entry).toMatchObject({ method: 'POST', path: '/api/v1/login', status: 200, lost: false });
    expect(entry?.body).toBe(keyForm(key.key));
    expect(entry?.body).toContain('%3D%3D');
    expect(entry?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(entry?.headers).not.toHaveProperty('cookie');
    await call(fake, 'GET', '/api/v1/service_accounts?hydrate=true&size=5');
    expect(fake.requests.at(-1)?.query).toEqual({ hydrate: 'true', size: '5' });
  });

  it('serves HTTPS with the test CA fixtures', async () => {
    const dir = new URL('../fixtures/tls/', import.meta.url);
    const fake = await start({ tls: { key: readFileSync(new URL('server-key.pem', dir), 'utf8'), cert: readFileSync(new URL('server.pem', dir), 'utf8') } });
    expect(fake.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(new URL('ca.pem', dir), 'utf8');
    const text = await new Promise<string>((resolve, reject) => {
      httpsRequest(`${fake.url}/health`, { ca }, (res) => {
        let data = '';
        res.on('data', (chunk: Buffer) => (data += chunk.toString()));
        res.on('end', () => resolve(data));
      })
        .on('error', reject)
        .end();
    });
    expect(text).toBe('"OK"');
  });
});
