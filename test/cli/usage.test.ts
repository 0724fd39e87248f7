import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectNotOnStderr, requireCli, runCli, startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  requireCli();
  world = await startWorld();
});
afterAll(() => world.close());

const COMMANDS = [
  ['login'],
  ['token'],
  ['service-account', 'create'],
  ['service-account', 'list'],
  ['service-account', 'describe'],
  ['service-account', 'update'],
  ['service-account', 'delete'],
  ['service-account', 'api-key', 'ci', 'create'],
  ['service-account', 'api-key', 'ci', 'list'],
  ['service-account', 'api-key', 'ci', 'describe'],
  ['service-account', 'api-key', 'ci', 'rotate'],
  ['service-account', 'api-key', 'ci', 'update'],
  ['service-account', 'api-key', 'ci', 'delete'],
  ['secret', 'set'],
];

describe('help', () => {
  it('prints the help and exits 0 when run alone', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: zenml-sa COMMAND');
    for (const words of COMMANDS) expect(run.stdout).toContain(words.filter((w) => w !== 'ci').join(' ').replace('api-key', 'api-key SA'));
    expect(run.stderr).toBe('');
  });

  it.each(COMMANDS.map((words) => [words.join(' '), words]))('%s --help shows usage, options and examples', async (_, words) => {
    const run = await runCli([...words, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: zenml-sa /);
    expect(run.stdout).toContain('Options:');
    expect(run.stdout).toMatch(/Examples:\n {2}zenml-sa |Examples:\n {2}(eval|printf|curl) /);
  });

  it('help works for groups, with -h and as a command', async () => {
    for (const args of [['service-account', '--help'], ['service-account', 'api-key', 'ci', '-h'], ['help', 'service-account', 'api-key', 'ci', 'rotate']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(50);
    }
  });
});

// Each of these is wrong before any request could be made: exit 2, one line on stderr, nothing sent.
const USAGE_ERRORS: Array<[string, string[], Record<string, string | undefined>, RegExp]> = [
  ['unknown command', ['bogus'], {}, /unknown command 'bogus'/],
  ['unknown subcommand', ['service-account', 'frobnicate'], {}, /unknown command 'frobnicate'/],
  ['missing subcommand', ['service-account'], {}, /missing command/],
  ['missing SA', ['service-account', 'api-key'], {}, /missing argument SA/],
  ['unknown option', ['service-account', 'list', '--frob'], {}, /unknown option '--frob'/],
  ['option of another command', ['service-account', 'list', '--retain', '5'], {}, /'--retain' does not apply/],
  ['missing argument', ['service-account', 'describe'], {}, /missing argument NAME/],
  ['extra argument', ['service-account', 'describe', 'a', 'b'], {}, /unexpected argument 'b'/],
  ['missing option value', ['service-account', 'list', '--active'], {}, /'--active' needs a value/],
  ['bad boolean', ['service-account', 'update', 'ci', '--active', 'maybe'], {}, /'maybe' is not a boolean/],
  ['bad boolean on create', ['service-account', 'create', 'x', '--create-api-key', 'nope'], {}, /not a boolean/],
  ['bad retain', ['service-account', 'api-key', 'ci', 'rotate', 'default', '--retain', '-5'], {}, /--retain/],
  ['non-numeric retain', ['service-account', 'api-key', 'ci', 'rotate', 'default', '--retain', 'soon'], {}, /--retain: 'soon'/],
  ['nothing to update', ['service-account', 'update', 'ci'], {}, /nothing to update/],
  ['no URL', ['service-account', 'list'], { ZENML_STORE_URL: undefined }, /no ZenML server URL/],
  ['no credentials', ['service-account', 'list'], { ZENML_STORE_API_KEY: undefined }, /no ZenML credentials/],
  ['malformed key', ['service-account', 'list'], { ZENML_STORE_API_KEY: 'not-a-key' }, /not a ZenML API key/],
  ['plain http to a remote host', ['service-account', 'list', '--url', 'http://zenml.example.com'], {}, /refusing plain http/],
  ['bad verify-ssl', ['token'], { ZENML_STORE_VERIFY_SSL: '/no/such/ca.pem' }, /ZENML_STORE_VERIFY_SSL/],
  ['bad timeout', ['token'], { ZENML_STORE_HTTP_TIMEOUT: 'soon' }, /ZENML_STORE_HTTP_TIMEOUT/],
  ['password without user', ['token', '--password', 'pw'], {}, /--password needs --username/],
  ['bare --api-key outside login', ['token', '--api-key'], {}, /--api-key needs a value/],
  ['login without key', ['login'], { ZENML_STORE_API_KEY: undefined }, /no API key/],
  ['login --github-env without GITHUB_ENV', ['login', '--github-env'], {}, /GITHUB_ENV is not set/],
  ['target without secret name', ['service-account', 'api-key', 'ci', 'rotate', 'default', '--repository', 'acme/app'], {}, /--secret-name/],
  ['bad secret name', ['service-account', 'api-key', 'ci', 'rotate', 'default', '--secret-name', 'GITHUB_X', '--repository', 'acme/app'], {}, /GITHUB_/],
  ['bad repository', ['service-account', 'api-key', 'ci', 'rotate', 'default', '--secret-name', 'K', '--repository', 'nope'], {}, /owner\/repo/],
  ['no GitHub token', ['service-account', 'api-key', 'ci', 'rotate', 'default', '--secret-name', 'K', '--repository', 'acme/app'], { GITHUB_TOKEN: undefined }, /GITHUB_TOKEN/],
  ['secret name with no key made', ['service-account', 'create', 'x', '--create-api-key', 'false', '--secret-name', 'K', '--repository', 'acme/app'], {}, /--create-api-key false/],
  ['secret set without targets', ['secret', 'set', 'NAME'], {}, /repository/],
  ['secret set, empty stdin', ['secret', 'set', 'NAME', '--repository', 'acme/app'], {}, /stdin was empty/],
  ['secret set, bad visibility', ['secret', 'set', 'NAME', '--organization', 'acme', '--visibility', 'public'], {}, /visibility/],
];

describe('usage and configuration errors', () => {
  it.each(USAGE_ERRORS)('%s: exit 2 before any request', async (_, args, envChange, message) => {
    const zenmlBefore = world.zenml.requests.length;
    const githubBefore = world.github.requests.length;
    const run = await runCli(args, { ...world.env, ...envChange });
    expectError(run, 2, message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
    expect(world.zenml.requests.length - zenmlBefore).toBe(0);
    expect(world.github.requests.length - githubBefore).toBe(0);
    expectNotOnStderr(run, [world.adminKey]);
  });

  it('accepts ZenML-style booleans: true/false, yes/no, 1/0, on/off', async () => {
    for (const value of ['false', 'no', '0', 'off', 'FALSE']) {
      const run = await runCli(['service-account', 'list', '--active', value, '--json'], world.env);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual([]);
    }
    for (const value of ['true', 'yes', '1', 'on']) {
      const run = await runCli(['service-account', 'list', '--active', value, '--json'], world.env);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as Array<{ name: string }>).map((a) => a.name)).toContain('ci');
    }
  });
});

describe('failures to act on', () => {
  it('exits 1 with one line when the server refuses, and never shows the key', async () => {
    const run = await runCli(['service-account', 'describe', 'nobody'], world.env);
    expectError(run, 1, /nobody/);
    expectNotOnStderr(run, [world.adminKey]);
  });

  it('exits 1 when the key is rejected, naming the likely cause, without the key', async () => {
    world.zenml.seedServiceAccount('ghost', { active: false });
    const other = world.zenml.seedApiKey('ghost', 'k').key;
    const run = await runCli(['service-account', 'list'], { ...world.env, ZENML_STORE_API_KEY: other });
    expectError(run, 1, /401/);
    expectNotOnStderr(run, [other, world.adminKey]);
  });

  it('exits 1 when the server is unreachable', async () => {
    const run = await runCli(['service-account', 'list'], { ...world.env, ZENML_STORE_URL: 'http://127.0.0.1:9' });
    expectError(run, 1);
  }, 20_000);

  it('a wrong password never reaches stderr', async () => {
    const password = 'hunter2-very-secret-password';
    const run = await runCli(['token', '--username', 'default', '--password', password], world.env);
    expectError(run, 1, /username and password|401/);
    expect(run.stderr).not.toContain(password);
  });
});
