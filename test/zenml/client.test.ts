import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERATIONS, profileOf, startFakeZenml, type FakeZenml, type FakeZenmlOptions } from '../fakes/zenml-server.ts';
import { ZenmlClient } from '../../src/zenml/client.ts';
import { ZenmlError } from '../../src/zenml/errors.ts';
import { LostAnswerError } from '../../src/zenml/lost-answer.ts';
import type { Credentials } from '../../src/zenml/session.ts';
import { parseVerifySsl } from '../../src/zenml/tls.ts';

const noWait = { sleep: async () => {}, random: () => 0.5 };
const admin: Credentials = { kind: 'password', username: 'default', password: '' };
const open: Array<{ close(): Promise<void> }> = [];

async function setup(options: FakeZenmlOptions = {}) {
  const server = await startFakeZenml(options);
  open.push(server);
  const client = (credentials: Credentials = admin) => {
    const c = new ZenmlClient({ url: server.url, credentials, retry: noWait, timeoutMs: 5_000 });
    open.push(c);
    return c;
  };
  return { server, client };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

const requestsTo = (server: FakeZenml, method: string, pathPart: string) =>
  server.requests.filter((r) => r.method === method && r.path.includes(pathPart));

describe.each(GENERATIONS)('lifecycle against a %s server', (generation) => {
  it('creates an account and a key, logs in with it, lists, rotates, deactivates and deletes', async () => {
    const { server, client } = await setup({ generation });
    const zenml = client();
    expect((await zenml.info()).version).toBe(profileOf(generation).version);
    expect(await zenml.health()).toBe(true);

    const account = await zenml.createServiceAccount({ name: 'ci-deployer', description: 'CI' });
    expect(account).toMatchObject({ name: 'ci-deployer', active: true, description: 'CI' });
    expect(account.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const created = await zenml.createApiKey('ci-deployer', { name: 'ci', description: 'for CI' });
    expect(created.key).toMatch(/^ZENKEY_eyJpZCI6/);
    expect(created.key).toHaveLength(profileOf(generation).compactKeys ? 167 : 171);
    expect(server.keyLogsIn(created.key)).toBe(true);

    // The key logs in and names its service account.
    const asKey = client({ kind: 'api-key', apiKey: created.key });
    expect(await asKey.currentUser()).toMatchObject({ id: account.id, name: 'ci-deployer', isServiceAccount: true, isAdmin: false });
    // The form was percent-encoded and carried no username.
    const login = requestsTo(server, 'POST', '/api/v1/login').at(-1)!;
    expect(login.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(login.body).toBe(`grant_type=zenml-api-key&password=${encodeURIComponent(created.key)}`);
    expect(login.body).not.toContain('username');

    expect((await zenml.listServiceAccounts({ name: 'ci-deployer' })).map((a) => a.id)).toEqual([account.id]);
    const [listed] = await zenml.listApiKeys('ci-deployer');
    expect(listed).toMatchObject({ id: created.id, name: 'ci', description: 'for CI', retainPeriodMinutes: 0, lastRotated: null });

    // Rotate with retention: both keys log in; without: only the newest.
    const before = await zenml.getApiKey(account.id, 'ci');
    const k1 = await zenml.rotateApiKey(account.id, 'ci', { retainMinutes: 60, before });
    expect(k1.id).toBe(created.id);
    expect(server.keyLogsIn(k1.key)).toBe(true);
    expect(server.keyLogsIn(created.key)).toBe(true);
    const afterFirst = await zenml.getApiKey(account.id, 'ci');
    expect(afterFirst.lastRotated).not.toBeNull();
    expect(afterFirst.retainPeriodMinutes).toBe(60);
    server.advanceClock(61 * 60_000);
    expect(server.keyLogsIn(created.key)).toBe(false);
    expect(server.keyLogsIn(k1.key)).toBe(true);
    const k2 = await zenml.rotateApiKey(account.id, 'ci', { retainMinutes: 0 });
    expect(server.keyLogsIn(k1.key)).toBe(false);
    expect(server.keyLogsIn(k2.key)).toBe(true);

    // Deactivate, then change the description: 0.58 would re-activate the key if `active` were omitted.
    await zenml.updateApiKey(account.id, 'ci', { active: false });
    expect(server.keyLogsIn(k2.key)).toBe(false);
    const described = await zenml.updateApiKey(account.id, 'ci', { description: 'renamed', active: null });
    expect(described).toMatchObject({ active: false, description: 'renamed' });
    expect(server.inspectApiKey(account.id, 'ci')?.active).toBe(false);
    const keyPuts = requestsTo(server, 'PUT', '/api_keys/ci').filter((r) => !r.path.endsWith('/rotate'));
    for (const put of keyPuts) expect(JSON.parse(put.body)).toHaveProperty('active');
    await zenml.updateApiKey(account.id, 'ci', { active: true });
    expect(server.keyLogsIn(k2.key)).toBe(true);

    // Deactivating the account stops its keys; reactivating restores them.
    await zenml.updateServiceAccount('ci-deployer', { active: false });
    expect(server.keyLogsIn(k2.key)).toBe(false);
    await zenml.updateServiceAccount('ci-deployer', { active: true });
    expect(server.keyLogsIn(k2.key)).toBe(true);

    await zenml.deleteApiKey(account.id, 'ci');
    expect(await zenml.findApiKey(account.id, 'ci')).toBeUndefined();
    await zenml.deleteServiceAccount('ci-deployer');
    expect(await zenml.findServiceAccount('ci-deployer')).toBeUndefined();

    // API-key paths always used the account's UUID; no request ended in a slash; one admin login.
    for (const r of server.requests.filter((r) => r.path.includes('/api_keys'))) expect(r.path).toContain(`/service_accounts/${account.id}/api_keys`);
    for (const r of server.requests) expect(r.path === '/' || !r.path.endsWith('/')).toBe(true);
    const adminLogins = requestsTo(server, 'POST', '/api/v1/login').filter((r) => r.body.includes('grant_type=password'));
    expect(adminLogins).toHaveLength(1);
    for (const r of server.requests) expect(r.headers['cookie']).toBeUndefined();
  });

  it('lists every page', async () => {
    const { server, client } = await setup({ generation });
    for (let i = 0; i < 130; i++) server.seedServiceAccount(`sa-${String(i).padStart(3, '0')}`);
    const all = await client().listServiceAccounts();
    expect(all).toHaveLength(130);
    expect(new Set(all.map((a) => a.name)).size).toBe(130);
    expect(requestsTo(server, 'GET', '/api/v1/service_accounts').length).toBe(2);
  });

  it('resolves a lost rotate answer by reading last_rotated, without a second rotation', async () => {
    const { server, client } = await setup({ generation });
    server.seedServiceAccount('deployer');
    const old = server.seedApiKey('deployer', 'ci');
    const zenml = client();
    server.loseResponse({ method: 'PUT', path: /\/rotate$/ });
    const error = await zenml.rotateApiKey('deployer', 'ci', { retainMinutes: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LostAnswerError);
    const lost = error as LostAnswerError;
    expect(lost.applied).toBe(true);
    expect(lost.rotatedAt).toMatch(/Z$/);
    expect(lost.previousValidUntil).toBe(new Date(Date.parse(lost.rotatedAt!) + 30 * 60_000).toISOString());
    expect(lost.message).toContain("of service account 'deployer' was rotated at");
    expect(lost.message).toContain('Do not rotate again');
    expect(requestsTo(server, 'PUT', '/rotate')).toHaveLength(1);
    expect(server.inspectApiKey('deployer', 'ci')?.rotations).toBe(1);
    expect(server.keyLogsIn(old.key)).toBe(true); // retained: the workloads on the old key keep working
  });

  it('says a rotation did not happen when the answer was a 503 before anything was applied', async () => {
    const { server, client } = await setup({ generation });
    server.seedServiceAccount('deployer');
    server.seedApiKey('deployer', 'ci');
    server.failNth({ n: 1, status: 503, method: 'PUT', path: /\/rotate$/ });
    const error = (await client().rotateApiKey('deployer', 'ci', { retainMinutes: 0 }).catch((e: unknown) => e)) as LostAnswerError;
    expect(error).toBeInstanceOf(LostAnswerError);
    expect(error.applied).toBe(false);
    expect(error.message).toContain('did not rotate it and running again is safe');
    expect(requestsTo(server, 'PUT', '/rotate')).toHaveLength(1);
    expect(server.inspectApiKey('deployer', 'ci')?.rotations).toBe(0);
  });

  it('resolves a lost create answer by looking the key up', async () => {
    const { server, client } = await setup({ generation });
    server.seedServiceAccount('deployer');
    server.loseResponse({ method: 'POST', path: /\/api_keys$/ });
    const error = (await client().createApiKey('deployer', { name: 'ci' }).catch((e: unknown) => e)) as LostAnswerError;
    expect(error).toBeInstanceOf(LostAnswerError);
    expect(error.applied).toBe(true);
    expect(error.message).toContain("Delete API key 'ci', then create it again.");
    expect(requestsTo(server, 'POST', '/api_keys')).toHaveLength(1);
  });

  it('recovers a lost service-account create by reading it back', async () => {
    const { server, client } = await setup({ generation });
    server.loseResponse({ method: 'POST', path: /\/service_accounts$/ });
    const account = await client().createServiceAccount({ name: 'deployer' });
    expect(account.name).toBe('deployer');
    expect(requestsTo(server, 'POST', '/service_accounts')).toHaveLength(1);
  });

  it('retries GETs on 5xx and 429, but never a create', async () => {
    const { server, client } = await setup({ generation });
    server.seedServiceAccount('deployer');
    const zenml = client();
    await zenml.token();
    server.failNth({ n: 1, status: 502, html: true, method: 'GET' });
    server.failNth({ n: 1, status: 429, method: 'GET' });
    expect((await zenml.getServiceAccount('deployer')).name).toBe('deployer');
    server.failNth({ n: 1, status: 400, method: 'POST', path: /\/api_keys$/ });
    const error = (await zenml.createApiKey('deployer', { name: 'x' }).catch((e: unknown) => e)) as ZenmlError;
    expect(error).toBeInstanceOf(ZenmlError);
    expect(error.status).toBe(400);
    expect(requestsTo(server, 'POST', '/api_keys')).toHaveLength(1);
  });

  it('logs in again once after a 401 and retries the call once', async () => {
    const { server, client } = await setup({ generation });
    server.seedServiceAccount('deployer');
    const zenml = client();
    await zenml.token();
    server.failNth({ n: 1, status: 401, method: 'GET', path: /service_accounts/ });
    expect((await zenml.getServiceAccount('deployer')).name).toBe('deployer');
    expect(requestsTo(server, 'POST', '/api/v1/login')).toHaveLength(2);
  });
});

describe.each(GENERATIONS.filter((g) => profileOf(g).csrfForCrossSiteLogins))('a %s server that binds tokens to a CSRF token', (generation) => {
  it('sends the CSRF token the login answer carried', async () => {
    // Deliberate (zenml-0.74-vs-fake.md (b) 1): a real server binds only cross-site logins, and a Node client
    // sends no Origin; the switch makes the fake bind this one so that the client's X-CSRF-Token path is tested.
    const { server, client } = await setup({ generation, csrfEveryLogin: true });
    const zenml = client();
    await zenml.listServiceAccounts();
    const token = await zenml.token();
    expect(token.csrfToken).toBeTruthy();
    const list = requestsTo(server, 'GET', '/service_accounts').at(-1)!;
    expect(list.headers['x-csrf-token']).toBe(token.csrfToken);
  });

});

describe.each(GENERATIONS.filter((g) => profileOf(g).adminOnlyMutations))('a %s server where only admins mutate (PR #5007)', (generation) => {
  it('explains that only admins may manage service accounts', async () => {
    const { server, client } = await setup({ generation });
    server.seedServiceAccount('deployer');
    const { key } = server.seedApiKey('deployer', 'ci');
    const error = (await client({ kind: 'api-key', apiKey: key }).createServiceAccount({ name: 'other' }).catch((e: unknown) => e)) as ZenmlError;
    expect(error).toBeInstanceOf(ZenmlError);
    expect(error.status).toBe(403);
    expect(error.exceptionClass).toBe('IllegalOperationError');
    expect(error.message).toContain("create service account 'other': ZenML answered 403 IllegalOperationError: Only admin users");
  });

});

describe.each(GENERATIONS.filter((g) => profileOf(g).keyGenerations))('a %s server where rotation revokes tokens (PR #5025)', (generation) => {
  it('after a rotation with retention 0, switching to the new key keeps the session working', async () => {
    const { server, client } = await setup({ generation });
    server.seedServiceAccount('deployer');
    const { key } = server.seedApiKey('deployer', 'ci');
    server.seedServiceAccount('other');
    const zenml = client({ kind: 'api-key', apiKey: key });
    const user = await zenml.currentUser();
    // Only admins may rotate here, so rotate as admin and check the held token is revoked.
    const rotated = await client().rotateApiKey(user.id, 'ci', { retainMinutes: 0 });
    const stale = await zenml.currentUser().catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ZenmlError);
    zenml.useCredentials({ kind: 'api-key', apiKey: rotated.key });
    expect((await zenml.currentUser()).id).toBe(user.id);
  });
});

describe('errors never carry a secret', () => {
  it('a rejected key, a wrong password and a bad token: no secret in the message', async () => {
    const { server, client } = await setup();
    server.seedServiceAccount('deployer');
    const { key } = server.seedApiKey('deployer', 'ci');
    const forged = key.replace(/.{8}==$/, 'AAAAAA==');
    const e1 = (await client({ kind: 'api-key', apiKey: forged }).currentUser().catch((e: unknown) => e)) as ZenmlError;
    expect(e1.status).toBe(401);
    expect(e1.message).toContain('log in to ZenML with the API key: ZenML answered 401');
    expect(e1.message).not.toContain(forged.slice(7, 60));
    const e2 = (await client({ kind: 'password', username: 'default', password: 'hunter2-secret' }).currentUser().catch((e: unknown) => e)) as ZenmlError;
    expect(e2.status).toBe(401);
    expect(e2.message).not.toContain('hunter2-secret');
    expect(`${e2.stack}`).not.toContain('hunter2-secret');
  });
});

describe('transport', () => {
  const tlsDir = new URL('../fixtures/tls/', import.meta.url);
  const read = (name: string) => readFileSync(new URL(name, tlsDir), 'utf8');

  it.each([
    ['by path', () => new URL('ca.pem', tlsDir).pathname],
    ['as PEM text', () => read('ca.pem')],
  ])('trusts a self-signed CA given %s, and refuses the server without it', async (_how, verify) => {
    const server = await startFakeZenml({ tls: { key: read('server-key.pem'), cert: read('server.pem') } });
    open.push(server);
    expect(server.url.startsWith('https://127.0.0.1:')).toBe(true);
    const refused = new ZenmlClient({ url: server.url, credentials: admin, retry: noWait });
    open.push(refused);
    const error = (await refused.info().catch((e: unknown) => e)) as ZenmlError;
    expect(error.kind).toBe('tls');
    expect(error.message).toContain('ZENML_STORE_VERIFY_SSL');
    const trusted = new ZenmlClient({ url: server.url, credentials: admin, retry: noWait, tls: parseVerifySsl(verify()) });
    open.push(trusted);
    expect((await trusted.info()).version).toBe(server.version);
    expect((await trusted.currentUser()).name).toBe('default');
  });

  it('reports a refused connection in one clear line, after retrying the GET', async () => {
    const server = await startFakeZenml();
    const url = server.url;
    await server.close();
    let sleeps = 0;
    const zenml = new ZenmlClient({ url, credentials: admin, retry: { sleep: async () => void sleeps++, random: () => 0 } });
    open.push(zenml);
    const error = (await zenml.info().catch((e: unknown) => e)) as ZenmlError;
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`read the server info: connection refused: is the server running at this address? (GET ${url}/api/v1/info)`);
    expect(sleeps).toBe(3);
  });

  it('times out, and says the server may have acted', async () => {
    const { server } = await setup();
    server.latencyMs = 500;
    const zenml = new ZenmlClient({ url: server.url, credentials: admin, retry: { ...noWait, attempts: 1 }, timeoutMs: 100 });
    open.push(zenml);
    const error = (await zenml.info().catch((e: unknown) => e)) as ZenmlError;
    expect(error.kind).toBe('timeout');
    expect(error.maybeApplied).toBe(true);
    expect(error.message).toContain('no answer within 0.1 s');
  });
});

describe('redirects', () => {
  it('follows a same-origin 307 with its method, body and credentials', async () => {
    const { server, client } = await setup();
    server.seedServiceAccount('moved');
    const zenml = client();
    await zenml.token();
    server.failNth({ n: 1, status: 307, method: 'GET', path: /service_accounts\/moved$/, headers: { location: `${server.url}/api/v1/service_accounts/moved?again=1` } });
    expect((await zenml.getServiceAccount('moved')).name).toBe('moved');
    const hops = requestsTo(server, 'GET', '/service_accounts/moved');
    expect(hops).toHaveLength(2);
    for (const hop of hops) expect(hop.headers['authorization']).toMatch(/^Bearer /);
  });

  it('refuses a redirect to another host: nothing reaches it, and the error names the Location', async () => {
    const { createServer } = await import('node:http');
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const other = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"body":{"created":"2026-01-01T00:00:00","updated":"2026-01-01T00:00:00","active":true},"metadata":null,"resources":null,"id":"6f1c1d4e-5a3e-4c0e-9d2b-6a0e2f9b1c11","permission_denied":false,"name":"moved"}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((resolve) => other.close(() => resolve())) });
    const otherUrl = `http://localhost:${(other.address() as { port: number }).port}`;
    const { server, client } = await setup();
    server.seedServiceAccount('moved');
    const zenml = client();
    await zenml.token();
    server.failNth({ n: 1, status: 307, method: 'GET', path: /service_accounts\/moved$/, headers: { location: `${otherUrl}/api/v1/service_accounts/moved` } });
    const error = (await zenml.getServiceAccount('moved').catch((e: unknown) => e)) as ZenmlError;
    expect(error.kind).toBe('redirect');
    expect(error.detail).toBe(`the server answered 307 redirecting to ${otherUrl}/api/v1/service_accounts/moved, another server; credentials are only sent to the address you set: set server-url (ZENML_STORE_URL) to the final address`);
    expect(seen).toHaveLength(0);
    expect(requestsTo(server, 'GET', '/service_accounts/moved')).toHaveLength(1);
  });
});

describe('login rate limiting', () => {
  it('does not hammer a rate-limited login: one attempt, and a hint to wait', async () => {
    const { server, client } = await setup();
    server.rateLimitNextLogins(5);
    const error = (await client().currentUser().catch((e: unknown) => e)) as ZenmlError;
    expect(error.status).toBe(429);
    expect(error.detail).toBe('Minute request limit exceeded.');
    expect(requestsTo(server, 'POST', '/api/v1/login')).toHaveLength(1);
    const { explainFailure } = await import('../../src/commands/explain.ts');
    expect(explainFailure(error)).toContain('wait a minute before trying again');
  });
});
