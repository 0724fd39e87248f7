import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand, type CommandSettings } from '../../src/commands/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createGitHubSecrets, parseSecretTargets } from '../../src/github/index.ts';
import { ZenmlClient } from '../../src/zenml/client.ts';
import { tokenClaims } from '../../src/zenml/session.ts';
import { startFakeGitHub } from '../fakes/github-server.ts';
import { GENERATIONS, startFakeZenml, type Generation } from '../fakes/zenml-server.ts';

// The requests each key-making command sends, in full: the count is the minimum the APIs allow with our
// safety checks (docs/PERFORMANCE.md, section 2), so one more is a regression this test names.

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const base: CommandSettings = {
  command: 'create',
  apiKey: undefined,
  userCredentials: true,
  serviceAccount: 'deployer',
  apiKeyName: 'ci',
  description: undefined,
  retainMinutes: 30,
  secretName: 'ZENML_STORE_API_KEY',
  targets: parseSecretTargets({ repository: 'acme/app' }),
  verify: true,
  maxKeyAgeDays: 0,
  run: { id: '1', attempt: '1' },
};

async function world(generation: Generation) {
  const zenmlServer = await startFakeZenml({ generation });
  const github = await startFakeGitHub({ token: 'ghp_x', repositories: ['acme/app'] });
  const zenml = new ZenmlClient({ url: zenmlServer.url, credentials: { kind: 'password', username: 'default', password: '' } });
  closers.push(() => zenmlServer.close(), () => github.close(), () => zenml.close());
  const deps = {
    zenml,
    secrets: createGitHubSecrets({ token: 'ghp_x', baseUrl: github.url, timeScaleMs: 1 }),
    logger: silentLogger,
    onSecret: () => undefined,
    now: () => new Date(),
    randomHex: () => 'abcdef',
  };
  const sent = () => ({
    zenml: zenmlServer.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}`).sort(),
    github: github.requests.map((r) => `${r.method} ${r.path}`).sort(),
  });
  return { zenmlServer, deps, sent };
}

describe.each(GENERATIONS)('a %s server', (generation) => {
  it('create (new account): 6 ZenML requests and 2 GitHub requests; the new key is checked by its login alone', async () => {
    const { deps, sent } = await world(generation);
    await runCommand({ ...base, command: 'create' }, deps);
    expect(sent()).toEqual({
      zenml: [
        'GET /api/v1/info',
        'GET /api/v1/service_accounts/deployer',
        'POST /api/v1/login',
        'POST /api/v1/login',
        'POST /api/v1/service_accounts',
        'POST /api/v1/service_accounts/{id}/api_keys',
      ],
      github: ['GET /repos/acme/app/actions/secrets/public-key', 'PUT /repos/acme/app/actions/secrets/ZENML_STORE_API_KEY'],
    });
  });

  it('rotate: 8 ZenML requests and 2 GitHub requests', async () => {
    const { zenmlServer, deps, sent } = await world(generation);
    zenmlServer.seedServiceAccount('deployer');
    zenmlServer.seedApiKey('deployer', 'ci');
    await runCommand({ ...base, command: 'rotate' }, deps);
    expect(sent()).toEqual({
      zenml: [
        'GET /api/v1/info',
        'GET /api/v1/service_accounts/deployer',
        'GET /api/v1/service_accounts/{id}/api_keys/ci',
        'GET /api/v1/service_accounts/{id}/api_keys/{id}',
        'GET /api/v1/service_accounts/{id}/api_keys/{id}',
        'POST /api/v1/login',
        'POST /api/v1/login',
        'PUT /api/v1/service_accounts/{id}/api_keys/{id}/rotate',
      ],
      github: ['GET /repos/acme/app/actions/secrets/public-key', 'PUT /repos/acme/app/actions/secrets/ZENML_STORE_API_KEY'],
    });
  });

  it('ephemeral: 5 ZenML requests, none to GitHub', async () => {
    const { zenmlServer, deps, sent } = await world(generation);
    zenmlServer.seedServiceAccount('deployer');
    await runCommand({ ...base, command: 'ephemeral', apiKeyName: undefined, secretName: undefined, targets: [] }, deps);
    expect(sent().zenml).toEqual([
      'GET /api/v1/info',
      'GET /api/v1/service_accounts/deployer',
      'POST /api/v1/login',
      'POST /api/v1/login',
      'POST /api/v1/service_accounts/{id}/api_keys',
    ]);
  });
});

describe('the account of a new key', () => {
  it('comes from the token when it is a JWT with sub (and api_key_id)', () => {
    const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
    expect(tokenClaims(jwt({ sub: 'a1', api_key_id: 'k1' }))).toEqual({ sub: 'a1', apiKeyId: 'k1' });
    expect(tokenClaims(jwt({ sub: 'a1' }))).toEqual({ sub: 'a1', apiKeyId: undefined });
    expect(tokenClaims(jwt({ iss: 'x' }))).toBeUndefined();
    expect(tokenClaims('opaque-token')).toBeUndefined();
    expect(tokenClaims('a.%%%.c')).toBeUndefined();
  });

  it('is read from current-user when the token is not a JWT', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v1/login') res.end(JSON.stringify({ access_token: 'opaque', token_type: 'bearer' }));
      else res.end(JSON.stringify({ id: 'acc-1', name: 'deployer', body: { is_service_account: true, active: true } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as { port: number };
    const zenml = new ZenmlClient({ url: `http://127.0.0.1:${port}`, credentials: { kind: 'password', username: 'x', password: 'y' } });
    closers.push(() => zenml.close());
    expect(await zenml.loginWithApiKey('ZENKEY_whatever')).toEqual({ accountId: 'acc-1', apiKeyId: undefined });
    expect(seen).toEqual(['POST /api/v1/login', 'GET /api/v1/current-user']);
  });
});
