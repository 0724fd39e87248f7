import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError, SecretTargetsError } from '../../src/github/errors.ts';
import type { TargetInputs } from '../../src/github/targets.ts';
import type { Fault, FakeGitHub, FaultRule } from '../fakes/github-server.ts';
import { TOKEN, caught, recordingLogger, secretsFor, startWorld, storeFromInputs, successfulPuts } from './helpers.ts';

const VALUE = 'ZENKEY_super-secret-value-0123456789';
const REPO: TargetInputs = { repository: 'acme/app' };
const PUT_PATH = '/repos/acme/app/actions/secrets/KEY';
const KEY_PATH = '/repos/acme/app/actions/secrets/public-key';

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startWorld();
});
afterEach(async () => {
  await gh.close();
});

const put = (fault: Fault, times = 1): FaultRule => ({ method: 'PUT', path: PUT_PATH, fault, times });
const getKey = (fault: Fault, times = 1): FaultRule => ({ method: 'GET', path: KEY_PATH, fault, times });

describe('faults that are retried: the secret ends up stored once', () => {
  it.each<[string, FaultRule, 'created' | 'updated', number]>([
    ['a 502 on the PUT', put({ kind: 'status', status: 502 }), 'created', 1],
    ['three 500s on the PUT', put({ kind: 'status', status: 500 }, 3), 'created', 1],
    ['a 503 on the public-key GET', getKey({ kind: 'status', status: 503 }), 'created', 1],
    ['a connection reset before the PUT is applied', put({ kind: 'reset' }), 'created', 1],
    // The answer was lost after GitHub stored it: the retry overwrites with the same value.
    ['a connection reset after the PUT was applied', put({ kind: 'reset', apply: true }), 'updated', 2],
    ['a reset on the public-key GET', getKey({ kind: 'reset' }), 'created', 1],
    ['a 429 with retry-after', put({ kind: 'rate-limit', status: 429, retryAfter: 3 }), 'created', 1],
    ['a bare 429 with retry-after', put({ kind: 'status', status: 429, message: 'Too Many Requests', headers: { 'retry-after': '2' } }), 'created', 1],
    ['a 403 secondary rate limit without retry-after', put({ kind: 'rate-limit', status: 403 }), 'created', 1],
    ['a 403 secondary rate limit, twice', put({ kind: 'rate-limit', status: 403, retryAfter: 1 }, 2), 'created', 1],
    ['a primary rate limit', put({ kind: 'rate-limit', status: 403, secondary: false }), 'created', 1],
  ])('%s', async (_what, rule, result, writes) => {
    gh.fail(rule);
    const results = await storeFromInputs(gh, REPO, 'KEY', VALUE);
    expect(results).toEqual([{ target: 'repository:acme/app', secret: 'KEY', result }]);
    expect(gh.secret('repository:acme/app', 'KEY')).toMatchObject({ plaintext: VALUE, writes });
    expect(successfulPuts(gh).get(PUT_PATH)).toBe(1);
  });

  it('waits the minimum a secondary limit without retry-after asks for (60 s, scaled)', async () => {
    gh.fail(put({ kind: 'rate-limit', status: 403 }));
    const started = Date.now();
    await storeFromInputs(gh, REPO, 'KEY', VALUE, { timeScaleMs: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
  });

  it('honours retry-after (scaled)', async () => {
    gh.fail(put({ kind: 'rate-limit', status: 429, retryAfter: 50 }));
    const started = Date.now();
    await storeFromInputs(gh, REPO, 'KEY', VALUE, { timeScaleMs: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});

async function failure(inputs: TargetInputs, rule: FaultRule | undefined, options = {}): Promise<SecretTargetsError> {
  if (rule !== undefined) gh.fail(rule);
  const error = await caught(storeFromInputs(gh, inputs, 'KEY', VALUE, options));
  expect(error).toBeInstanceOf(SecretTargetsError);
  return error as SecretTargetsError;
}

describe('faults that end in a clear error', () => {
  it.each<[string, TargetInputs, FaultRule | undefined, 'prepare' | 'store', string[]]>([
    [
      "the workflow's GITHUB_TOKEN on a repository",
      REPO,
      getKey({ kind: 'integration-forbidden', acceptedPermissions: 'secrets=read' }),
      'prepare',
      [
        'repository:acme/app: GET ',
        'answered 403 Resource not accessible by integration',
        "(the workflow's GITHUB_TOKEN never can)",
        'fine-grained personal access token or GitHub App token with Secrets: write',
        'classic personal access token with the repo scope',
        'x-accepted-github-permissions: secrets=read',
        'x-github-request-id: ',
      ],
    ],
    [
      'a 403 on the PUT',
      REPO,
      put({ kind: 'integration-forbidden' }),
      'store',
      ['answered 403 Resource not accessible by integration', 'x-accepted-github-permissions: secrets=write'],
    ],
    [
      "GITHUB_TOKEN on an environment",
      { repository: 'acme/app', environment: 'prod' },
      { method: 'GET', path: '/repos/acme/app/environments/prod/secrets/public-key', fault: { kind: 'integration-forbidden', acceptedPermissions: 'environments=write; secrets=write' } },
      'prepare',
      ['environment:acme/app/prod', 'Environments: write and Secrets: write', 'x-accepted-github-permissions: environments=write; secrets=write'],
    ],
    [
      'GITHUB_TOKEN on an organization',
      { organization: 'acme' },
      { method: 'GET', path: '/orgs/acme/actions/secrets/public-key', fault: { kind: 'integration-forbidden', acceptedPermissions: 'organization_secrets=write' } },
      'prepare',
      ['organization:acme', 'organization Secrets: write', 'admin:org scope'],
    ],
    [
      'a fine-grained PAT without access',
      REPO,
      getKey({ kind: 'status', status: 403, message: 'Resource not accessible by personal access token' }),
      'prepare',
      ['403 Resource not accessible by personal access token', 'The token may not write secrets to repository acme/app'],
    ],
    ['an unknown repository', { repository: 'acme/nope' }, undefined, 'prepare', ['answered 404 Not Found', 'Repository acme/nope does not exist, or the token cannot see it']],
    [
      'an unknown environment',
      { repository: 'acme/app', environment: 'qa' },
      undefined,
      'prepare',
      ["Environment 'qa' of acme/app does not exist, or the token cannot see it"],
    ],
    ['an unknown organization', { organization: 'nobody' }, undefined, 'prepare', ['Organization nobody does not exist', 'admin:org scope']],
    [
      'an unknown selected repository',
      { organization: 'acme', visibility: 'selected', selectedRepositories: 'app,ghost' },
      undefined,
      'prepare',
      ['GET ', '/repos/acme/ghost answered 404', 'Repository acme/ghost (from selected-repositories) does not exist'],
    ],
    ['a 422 on the PUT (not retried)', REPO, put({ kind: 'status', status: 422, message: 'Failed to add secret. Value is too large.' }), 'store', ['answered 422 Failed to add secret. Value is too large.', 'GitHub rejected the request for repository acme/app']],
    ['a 5xx that does not stop', REPO, put({ kind: 'status', status: 502 }, 100), 'store', ['answered 502 Server Error', 'GitHub kept failing after retries']],
    ['resets that do not stop', REPO, put({ kind: 'reset' }, 100), 'store', ['PUT ', 'failed: ', 'GitHub could not be reached (retried)']],
    ['a secondary rate limit that does not stop', REPO, put({ kind: 'rate-limit', retryAfter: 1 }, 100), 'store', ['answered 429 You have exceeded a secondary rate limit', "GitHub's rate limit stopped the request"]],
  ])('%s', async (_what, inputs, rule, stage, fragments) => {
    const error = await failure(inputs, rule);
    expect(error.stage).toBe(stage);
    for (const fragment of fragments) expect(error.message).toContain(fragment);
    expect(error.failed[0]?.error).toBeInstanceOf(GitHubApiError);
    expect(error.message).not.toContain(VALUE);
    expect(error.message).not.toContain(TOKEN);
    if (stage === 'prepare') expect(gh.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('retries a PUT that keeps failing a bounded number of times, and a 422 not at all', async () => {
    await failure(REPO, put({ kind: 'status', status: 500 }, 100), { maxRetries: 2 });
    expect(gh.requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
    gh.clearFaults();
    await failure({ repository: 'acme/lib' }, { method: 'PUT', fault: { kind: 'status', status: 422 } });
    expect(gh.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/repos/acme/lib'))).toHaveLength(1);
  });

  it('says the token was rejected on 401, without the token', async () => {
    const error = await caught(secretsFor(gh, { token: 'ghp_wrong0token' }).prepare([{ kind: 'repository', store: 'actions', owner: 'acme', repo: 'app' }]));
    expect(error.message).toContain('401 Bad credentials');
    expect(error.message).toContain('github-token is wrong, expired or revoked');
    expect(error.message).not.toContain('ghp_wrong0token');
  });

  it('fails clearly when the public key changed between preflight and store', async () => {
    const secrets = secretsFor(gh);
    const prepared = await secrets.prepare([{ kind: 'repository', store: 'actions', owner: 'acme', repo: 'app' }]);
    gh.rotateKey('repository:acme/app');
    const error = await caught(secrets.store(prepared, 'KEY', VALUE));
    expect(error.message).toContain('422 Bad request - validation failed due to an improperly encrypted secret');
    expect(error.message).not.toContain(VALUE);
  });

  it('leaks neither value nor token in any message or log line', async () => {
    const logger = recordingLogger();
    const messages: string[] = [];
    const rules: FaultRule[] = [
      put({ kind: 'integration-forbidden' }),
      put({ kind: 'status', status: 422, message: 'Invalid request.' }),
      put({ kind: 'status', status: 500 }, 100),
      put({ kind: 'reset' }, 100),
      put({ kind: 'rate-limit', status: 403 }, 100),
    ];
    for (const rule of rules) {
      gh.clearFaults();
      gh.fail(rule);
      const error = await caught(storeFromInputs(gh, REPO, 'KEY', VALUE, { logger }));
      messages.push(error.message, String(error.stack), JSON.stringify(error));
    }
    for (const text of [...messages, ...logger.lines]) {
      expect(text).not.toContain(VALUE);
      expect(text).not.toContain(TOKEN);
    }
  });
});
