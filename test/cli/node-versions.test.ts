// The bundled CLI on every Node this machine has (`which -a node`, the npm-installed Node the scripts run
// on, and the one running the tests) that package.json's `engines` admits: a login through an HTTP proxy
// (undici's proxy agent, not Node's own, which needs 24.5) and a secret stored in GitHub (the lazily loaded
// Octokit and libsodium chunks).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy } from '../matrix/support/proxy.ts';
import { CLI, GITHUB_TOKEN, requireCli, startWorld, type CliRun, type World } from './harness.ts';

const root = new URL('../../', import.meta.url).pathname;
const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

/** Every distinct node binary on PATH, in node_modules/.bin and running this test, with its version. */
function nodes(): Array<{ path: string; version: string }> {
  const candidates = [
    ...(process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, 'node')),
    join(root, 'node_modules', '.bin', 'node'),
    process.execPath,
  ];
  const seen = new Map<string, string>();
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (!seen.has(real)) seen.set(real, execFileSync(real, ['--version'], { encoding: 'utf8' }).trim());
  }
  return [...seen].map(([path, version]) => ({ path, version }));
}

/** `>=A.B.C`, the only form package.json uses. */
function admitted(version: string): boolean {
  const need = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(engines);
  if (!need) throw new Error(`engines.node is '${engines}': teach this test to read it`);
  const have = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== Number(need[i + 1])) return (have[i] ?? 0) > Number(need[i + 1]);
  return true;
}

function runWith(node: string, args: readonly string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [CLI, ...args], { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const found = nodes();
let world: World | undefined;
afterEach(async () => void (await world?.close()));

it('finds at least the Node that runs the tests, and engines admits it', () => {
  expect(found.length).toBeGreaterThan(0);
  expect(admitted(process.version)).toBe(true);
});

describe.each(found)('the bundled CLI on node $version ($path)', ({ path, version }) => {
  it.skipIf(!admitted(version))('logs in through an HTTP proxy and stores a secret in GitHub', async () => {
    requireCli();
    world = await startWorld();
    const proxy = await startProxy();
    try {
      const viaProxy = { ...world.env, HTTP_PROXY: proxy.url, NO_PROXY: '' };
      const login = await runWith(path, ['login', world.zenml.url, '--api-key', world.adminKey], viaProxy);
      expect(login.code, login.stderr).toBe(0);
      expect(login.stdout).toContain(`export ZENML_STORE_URL='${world.zenml.url}'`);
      expect(proxy.seen.some((line) => line.startsWith(`POST ${world!.zenml.url}/api/v1/login`))).toBe(true);

      const set = await runWith(path, ['secret', 'set', 'PLAIN', '--repository', 'acme/app'], { ...world.env, GITHUB_TOKEN }, 'stored-on-' + version);
      expect(set.code, set.stderr).toBe(0);
      expect(world.github.secret('repository:acme/app', 'PLAIN')?.plaintext).toBe('stored-on-' + version);
    } finally {
      await proxy.close();
    }
  });
});
