// What a user of ZenML's own CLI expects from zenml-sa (issue 15): the older `connect`, `--version`,
// `--set-key`/`--output-file`, negative numbers, help that fits the command, and a declined deletion.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, count, expectError, expectNotOnStderr, requireCli, runCli, startWorld, type CliRun, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  requireCli();
  world = await startWorld();
});
afterAll(() => world.close());

const scratch = () => mkdtempSync(join(tmpdir(), 'zenml-sa-'));
const ZENKEY = /ZENKEY_[A-Za-z0-9+/]+=*/;

describe('connect, the older form of login', () => {
  it('connect --url URL --api-key KEY verifies the key and prints the two export lines', async () => {
    const key = world.zenml.seedApiKey('ci', 'connect-form').key;
    const run = await runCli(['connect', '--url', world.zenml.url, '--api-key', key], { PATH: process.env['PATH'] ?? '' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`export ZENML_STORE_URL='${world.zenml.url}'\nexport ZENML_STORE_API_KEY='${key}'\n`);
    expectNotOnStderr(run, [key]);
  });

  it('a wrong key fails there, as login does', async () => {
    const run = await runCli(['connect', '--url', world.zenml.url, '--api-key', `${world.adminKey.slice(0, -4)}AAA=`], {});
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
  });
});

describe('--version', () => {
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

  it.each([[['--version']], [['version']]])('%j prints the version, like zenml --version', async (args) => {
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`zenml-sa, version ${version}\n`);
  });

  it('-v is not an option (ZenML has none), and the error says which one is', async () => {
    expectError(await runCli(['-v']), 2, /unknown option '-v' \(the version is 'zenml-sa --version'\)/);
  });
});

describe('--output-file and --set-key, as ZenML spells them', () => {
  it('service-account create --output-file writes the key to a file readable by its owner only, and prints it nowhere', async () => {
    const dir = scratch();
    const file = join(dir, 'key.txt');
    const run = await runCli(['service-account', 'create', 'filed', '--output-file', file], world.env);
    expect(run.code, run.stderr).toBe(0);
    const key = readFileSync(file, 'utf8').trim();
    expect(key).toMatch(ZENKEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(run.stdout).toBe('');
    expectNotOnStderr(run, [key]);
    expect(run.stderr).toContain(`written to ${file}`);
    expect(world.zenml.keyLogsIn(key)).toBe(true);
  });

  it('api-key rotate --output-file narrows a file that existed with wider rights before writing to it', async () => {
    const dir = scratch();
    const file = join(dir, 'key.txt');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o644);
    world.zenml.seedApiKey('ci', 'to-file');
    const run = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'to-file', '--output-file', file, '--json'], world.env);
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8').trim();
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json['output_file']).toBe(file);
    expect(json['key']).toBeUndefined();
    expect(run.stdout.includes(key)).toBe(false);
  });

  it('api-key create --set-key prints export lines for eval instead of the bare key', async () => {
    const run = await runCli(['service-account', 'api-key', 'ci', 'create', 'exported', '--set-key'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`export ZENML_STORE_URL='${world.zenml.url}'`);
    expect(lines[1]).toMatch(/^export ZENML_STORE_API_KEY='ZENKEY_[^']+'$/);
    expect(lines).toHaveLength(2);
  });

  it('inside GitHub Actions --set-api-key masks the key and appends it to $GITHUB_ENV, printing it nowhere else', async () => {
    const envFile = join(scratch(), 'env');
    writeFileSync(envFile, '');
    const run = await runCli(['service-account', 'create', 'in-actions', '--set-api-key'], { ...world.env, GITHUB_ACTIONS: 'true', GITHUB_ENV: envFile });
    expect(run.code, run.stderr).toBe(0);
    const written = readFileSync(envFile, 'utf8');
    const key = ZENKEY.exec(written)?.[0] ?? '';
    expect(key).not.toBe('');
    const combined = run.stdout + run.stderr;
    expect(count(combined, `::add-mask::${key}`)).toBe(1);
    expect(count(combined, key)).toBe(1); // the mask line only
  });

  it.each([
    ['--set-key with --json', ['service-account', 'api-key', 'ci', 'create', 'x', '--set-key', '--json'], /--set-key prints export lines/],
    ['a folder that does not exist', ['service-account', 'create', 'nope', '--output-file', '/no/such/folder/key'], /--output-file: the folder '\/no\/such\/folder' does not exist/],
    ['--output-file without a key', ['service-account', 'create', 'nope', '--create-api-key', 'false', '--output-file', '/tmp/k'], /cannot be combined with --create-api-key false/],
  ])('%s is a usage error, made before any request', async (_, args, pattern) => {
    const before = world.zenml.requests.length;
    expectError(await runCli(args, world.env), 2, pattern);
    expect(world.zenml.requests.length).toBe(before);
  });
});

describe('numbers and help', () => {
  it.each([[['--retain', '-5']], [['--retain=-5']]])('%j says out of range, not "needs a value"', async (retain) => {
    const run = await runCli(['service-account', 'api-key', 'ci', 'rotate', 'default', ...retain], world.env);
    expectError(run, 2, /--retain: -5 is out of range; expected 0 to 525600 minutes/);
  });

  it('--json is offered only where it means something, and says what it prints', async () => {
    expect((await runCli(['login', '--help'])).stdout).not.toContain('--json');
    expect((await runCli(['connect', '--help'])).stdout).not.toContain('--json');
    expect((await runCli(['token', '--help'])).stdout).toMatch(/--json +print \{"access_token"/);
    expect((await runCli(['secret', 'set', '--help'])).stdout).toMatch(/--json +print the outcome per target/);
    expectError(await runCli(['login', '--json']), 2, /'--json' does not apply to 'login'/);
  });

  it.each([
    [['service-account', '--help'], 'Usage: zenml-sa service-account COMMAND'],
    [['service-account', 'api-key', 'ci', '--help'], 'Usage: zenml-sa service-account api-key ci COMMAND'],
  ])('%j starts with a Usage line', async (args, usage) => {
    const run = await runCli(args);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(usage)).toBe(true);
  });

  it.each([
    [['service-account', 'list', '--frob'], "see 'zenml-sa service-account list --help'"],
    [['service-account', 'api-key', 'ci', 'rotate', 'default', '--retain'], "see 'zenml-sa service-account api-key rotate --help'"],
    [['service-account', '--frob'], "see 'zenml-sa service-account --help'"],
  ])('an error in the options of %j points to that help', async (args, pointer) => {
    const run = await runCli(args, world.env);
    expectError(run, 2);
    expect(run.stderr).toContain(pointer);
  });
});

/** Runs the CLI on a terminal (util-linux `script` gives it one), typing `typed` at the prompt. */
function runOnTerminal(args: readonly string[], env: Record<string, string>, typed: string): Promise<CliRun> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env['PATH'], ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('[y/N]')) child.stdin.end(typed);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
  });
}

const haveScript = spawnSync('script', ['--version']).status === 0;

describe('a deletion declined at the prompt', () => {
  it.runIf(haveScript)('exits 1 and deletes nothing, so that scripts can tell', async () => {
    world.zenml.seedServiceAccount('kept');
    const run = await runOnTerminal(['service-account', 'delete', 'kept'], world.env, 'n\n');
    expect(run.stdout).toContain("Are you sure you want to delete service account 'kept'");
    expect(run.stdout).toContain('deletion canceled');
    expect(run.code).toBe(1);
    expect(world.zenml.inspectServiceAccount('kept')).toBeDefined();
  });
});
