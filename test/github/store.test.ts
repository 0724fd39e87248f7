import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { SecretTargetsError } from '../../src/github/errors.ts';
import { storeSecret } from '../../src/github/secrets.ts';
import { MAX_SECRET_VALUE_BYTES, parseSecretTargets, type TargetInputs } from '../../src/github/targets.ts';
import type { FakeGitHub } from '../fakes/github-server.ts';
import { TOKEN, caught, recordingLogger, secretsFor, startWorld, storeFromInputs, successfulPuts } from './helpers.ts';

const ZENML_KEY = 'ZENKEY_eyJpZCI6ICI0NWVkY2Q3Zi1jYzAxIiwgImtleSI6ICJhNGE3MTFmNyJ9';
const big = (() => {
  // Exactly the largest safe size, with multi-byte characters in it.
  const head = 'ü€😀\n';
  return head + 'k'.repeat(MAX_SECRET_VALUE_BYTES - Buffer.byteLength(head));
})();

const VALUES: [string, string][] = [
  ['a ZenML key', ZENML_KEY],
  ['multi-line', 'line one\nline two\r\nline three\n'],
  ['unicode', 'Schlüssel 🔑 ключ 鍵 %0A %25'],
  ['48 KB', big],
];

const TARGETS: [string, TargetInputs, string][] = [
  ['a repository', { repository: 'acme/app' }, 'repository:acme/app'],
  ['an environment', { repository: 'acme/app', environment: 'prod' }, 'environment:acme/app/prod'],
  ['an environment with a slash', { repository: 'acme/app', environment: 'eu/staging' }, 'environment:acme/app/eu/staging'],
  ['an organization (private)', { organization: 'acme' }, 'organization:acme'],
  ['an organization (all)', { organization: 'acme', visibility: 'all' }, 'organization:acme'],
  ['an organization (selected)', { organization: 'acme', visibility: 'selected', selectedRepositories: 'app, acme/lib, 777' }, 'organization:acme'],
  ['a Dependabot repository', { repository: 'acme/app', store: 'dependabot' }, 'dependabot:repository:acme/app'],
  ['a Dependabot organization', { organization: 'acme', store: 'dependabot' }, 'dependabot:organization:acme'],
];

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startWorld();
});
afterEach(async () => {
  await gh.close();
});

describe('round trip: sealed by us, opened by the fake', () => {
  it.each(TARGETS.flatMap(([what, inputs, label]) => VALUES.map(([kind, value]) => [what, kind, inputs, label, value] as const)))(
    '%s, %s value',
    async (_what, _kind, inputs, label, value) => {
      const results = await storeFromInputs(gh, inputs, 'zenml_store_api_key', value);
      expect(results).toEqual([{ target: label, secret: 'ZENML_STORE_API_KEY', result: 'created' }]);
      expect(gh.secret(label, 'ZENML_STORE_API_KEY')?.plaintext).toBe(value);
      expect(gh.secret(label, 'ZENML_STORE_API_KEY')?.writes).toBe(1);
    },
  );

  it('reports updated on the second write and keeps the new value', async () => {
    await storeFromInputs(gh, { repository: 'acme/app' }, 'KEY', 'old');
    const results = await storeFromInputs(gh, { repository: 'acme/app' }, 'KEY', 'new');
    expect(results).toEqual([{ target: 'repository:acme/app', secret: 'KEY', result: 'updated' }]);
    expect(gh.secret('repository:acme/app', 'KEY')).toMatchObject({ plaintext: 'new', writes: 2 });
  });

  it('sends organization visibility and the resolved integer repository ids', async () => {
    await storeFromInputs(gh, { organization: 'acme', visibility: 'selected', selectedRepositories: 'app\nacme/lib,777' }, 'KEY', 'v');
    expect(gh.secret('organization:acme', 'KEY')).toMatchObject({
      visibility: 'selected',
      selectedRepositoryIds: [gh.repositoryId('acme/app'), gh.repositoryId('acme/lib'), 777],
    });
    await storeFromInputs(gh, { organization: 'acme' }, 'OTHER', 'v');
    const put = gh.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/OTHER'));
    expect(put?.body).toEqual({ encrypted_value: expect.any(String), key_id: gh.keyPair('organization:acme').keyId, visibility: 'private' });
  });

  it('fetches each public key once per run, resolves each name once, and reuses them for the store', async () => {
    const secrets = secretsFor(gh);
    const prepared = await secrets.prepare([
      ...parseSecretTargets({ repository: 'acme/app,acme/lib' }),
      ...parseSecretTargets({ organization: 'acme', visibility: 'selected', selectedRepositories: 'app,lib' }),
    ]);
    const afterPrepare = gh.requests.map((r) => `${r.method} ${r.path}`);
    expect(afterPrepare.sort()).toEqual(
      [
        'GET /orgs/acme/actions/secrets/public-key',
        'GET /repos/acme/app',
        'GET /repos/acme/app/actions/secrets/public-key',
        'GET /repos/acme/lib',
        'GET /repos/acme/lib/actions/secrets/public-key',
      ].sort(),
    );
    await secrets.store(prepared, 'KEY', 'v1');
    await secrets.store(prepared, 'KEY2', 'v2');
    const gets = gh.requests.filter((r) => r.method === 'GET');
    expect(gets).toHaveLength(5);
    expect(gh.requests.filter((r) => r.method === 'PUT')).toHaveLength(6);
  });

  it('sends the API version header and the token only as authorization', async () => {
    await storeFromInputs(gh, { repository: 'acme/app' }, 'KEY', 'v');
    expect(gh.requests.length).toBeGreaterThan(0);
    for (const r of gh.requests) {
      expect(r.headers['x-github-api-version']).toBe('2022-11-28');
      expect(r.headers.authorization).toMatch(/^(token|bearer) /i);
      expect(JSON.stringify(r.body ?? '')).not.toContain(TOKEN);
    }
    const put = gh.requests.find((r) => r.method === 'PUT');
    expect(JSON.stringify(put?.body)).not.toContain('"v"');
  });

  it('works under a GitHub Enterprise Server path prefix', async () => {
    const ghes = await startWorld({ pathPrefix: '/api/v3' });
    try {
      expect(ghes.url).toMatch(/\/api\/v3$/);
      await storeFromInputs(ghes, { repository: 'acme/app' }, 'KEY', 'enterprise');
      expect(ghes.secret('repository:acme/app', 'KEY')?.plaintext).toBe('enterprise');
    } finally {
      await ghes.close();
    }
  });

  it('storeSecret runs the preflight and the store in one call', async () => {
    const results = await storeSecret({ token: TOKEN, baseUrl: `${gh.url}/`, timeScaleMs: 1 }, parseSecretTargets({ repository: 'solo/tool' }), 'k', 'v');
    expect(results).toEqual([{ target: 'repository:solo/tool', secret: 'K', result: 'created' }]);
  });
});

describe('validation happens before any request', () => {
  it.each<[string, TargetInputs, string, string, string]>([
    ['a bad name', { repository: 'acme/app' }, '1KEY', 'v', 'secret-name'],
    ['a GITHUB_ name', { repository: 'acme/app' }, 'github_token', 'v', 'secret-name'],
    ['an oversized value', { repository: 'acme/app' }, 'KEY', 'x'.repeat(MAX_SECRET_VALUE_BYTES + 1), 'secret value'],
    ['a bad repository', { repository: 'acme' }, 'KEY', 'v', 'repository'],
    ['a bad visibility', { organization: 'acme', visibility: 'internal' }, 'KEY', 'v', 'visibility'],
    ['selected without a list', { organization: 'acme', visibility: 'selected' }, 'KEY', 'v', 'selected-repositories'],
    ['environment with two repositories', { repository: 'acme/app,acme/lib', environment: 'prod' }, 'KEY', 'v', 'repository'],
  ])('%s', async (_what, inputs, name, value, input) => {
    const error = await caught(
      (async () => storeSecret({ token: TOKEN, baseUrl: gh.url, timeScaleMs: 1 }, parseSecretTargets(inputs), name, value))(),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect(gh.requests).toEqual([]);
  });

  it('store checks name and size before writing to prepared targets', async () => {
    const secrets = secretsFor(gh);
    const prepared = await secrets.prepare(parseSecretTargets({ repository: 'acme/app' }));
    const before = gh.requests.length;
    await expect(secrets.store(prepared, 'GITHUB_X', 'v')).rejects.toThrow(InputError);
    await expect(secrets.store(prepared, 'KEY', 'é'.repeat(MAX_SECRET_VALUE_BYTES))).rejects.toThrow('48 KB');
    expect(gh.requests.length).toBe(before);
  });

  it.each([
    ['an empty token', { token: ' ' }, 'github-token'],
    ['a base URL that is not a URL', { baseUrl: 'api.github.com' }, 'github-api-url'],
    ['a base URL with credentials', { baseUrl: 'https://user:pw@api.github.com' }, 'github-api-url'],
  ])('rejects %s', async (_what, options, input) => {
    const error = await caught(secretsFor(gh, options).prepare(parseSecretTargets({ repository: 'acme/app' })));
    expect((error as InputError).input).toBe(input);
    expect(gh.requests).toEqual([]);
  });
});

describe('fan-out', () => {
  it('stores in 50 repositories exactly once each despite 429s and secondary limits', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `acme/repo-${i}`);
    const many = await startWorld({ repositories: names });
    try {
      for (let i = 0; i < 50; i += 5) {
        many.fail({ method: 'PUT', path: `/repos/acme/repo-${i}/actions/secrets/KEY`, fault: { kind: 'rate-limit', status: 429, retryAfter: 1 } });
      }
      many.fail({ method: 'PUT', path: '/repos/acme/repo-7/actions/secrets/KEY', fault: { kind: 'rate-limit', status: 403 } });
      many.fail({ method: 'GET', path: '/repos/acme/repo-3/actions/secrets/public-key', fault: { kind: 'rate-limit', status: 429, retryAfter: 2 } });
      many.fail({ method: 'PUT', path: '/repos/acme/repo-9/actions/secrets/KEY', fault: { kind: 'status', status: 429, message: 'Too Many Requests', headers: { 'retry-after': '1' } } });
      const results = await storeFromInputs(many, { repository: names.join('\n') }, 'KEY', ZENML_KEY, { concurrency: 8 });
      expect(results.map((r) => r.target)).toEqual(names.map((n) => `repository:${n}`));
      expect(results.every((r) => r.result === 'created')).toBe(true);
      const puts = successfulPuts(many);
      expect(puts.size).toBe(50);
      for (const name of names) {
        expect(puts.get(`/repos/${name}/actions/secrets/KEY`)).toBe(1);
        expect(many.secret(`repository:${name}`, 'KEY')).toMatchObject({ plaintext: ZENML_KEY, writes: 1 });
      }
      expect(many.requests.filter((r) => r.status === 429 || r.status === 403)).toHaveLength(13);
    } finally {
      await many.close();
    }
  });

  it('one failed target fails the operation after the others were written', async () => {
    gh.fail({ method: 'PUT', path: '/repos/acme/lib/actions/secrets/KEY', fault: { kind: 'integration-forbidden' } });
    const error = await caught(storeFromInputs(gh, { repository: 'acme/app,acme/lib,acme/web' }, 'KEY', 'v'));
    expect(error).toBeInstanceOf(SecretTargetsError);
    const e = error as SecretTargetsError;
    expect(e.stage).toBe('store');
    expect(e.written).toEqual([
      { target: 'repository:acme/app', secret: 'KEY', result: 'created' },
      { target: 'repository:acme/web', secret: 'KEY', result: 'created' },
    ]);
    expect(e.failed.map((f) => f.target)).toEqual(['repository:acme/lib']);
    expect(e.message).toContain('secret KEY was not written to 1 of 3 target(s)');
    expect(e.message).toContain('repository:acme/app [created]');
    expect(e.message).toContain('repository:acme/lib: PUT');
    expect(gh.secret('repository:acme/web', 'KEY')?.plaintext).toBe('v');
    expect(gh.secret('repository:acme/lib', 'KEY')).toBeUndefined();
  });

  it('the preflight reports every target that cannot be written and writes nothing', async () => {
    gh.fail({ method: 'GET', path: '/repos/acme/lib/actions/secrets/public-key', fault: { kind: 'integration-forbidden' } });
    const error = await caught(storeFromInputs(gh, { repository: 'acme/app,acme/lib,acme/nope' }, 'KEY', 'v'));
    expect(error).toBeInstanceOf(SecretTargetsError);
    const e = error as SecretTargetsError;
    expect(e.stage).toBe('prepare');
    expect(e.failed.map((f) => f.target)).toEqual(['repository:acme/lib', 'repository:acme/nope']);
    expect(e.message).toMatch(/^cannot write secrets to 2 of 3 target\(s\); nothing was written: /);
    expect(gh.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('never logs the value or the token', async () => {
    const logger = recordingLogger();
    gh.fail({ method: 'PUT', fault: { kind: 'rate-limit', retryAfter: 1 } });
    await storeFromInputs(gh, { repository: 'acme/app,acme/lib' }, 'KEY', ZENML_KEY, { logger });
    expect(logger.lines.some((l) => l.includes('secondary rate limit'))).toBe(true);
    for (const line of logger.lines) {
      expect(line).not.toContain(ZENML_KEY);
      expect(line).not.toContain(TOKEN);
    }
  });
});
