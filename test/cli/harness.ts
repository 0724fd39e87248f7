// Runs the bundled CLI as a child process against the fake ZenML and GitHub servers.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.ts';
import { startFakeZenml, type FakeZenml, type FakeZenmlOptions } from '../fakes/zenml-server.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundle under test: `$ZENML_SA_CLI`, else `dist/cli.js` of this checkout. */
export const CLI = resolve(root, process.env['ZENML_SA_CLI'] ?? 'dist/cli.js');

export const GITHUB_TOKEN = 'ghp_CLI0test0token0that0must0never0leak00';

/** Fails clearly when there is no bundle to test. */
export function requireCli(): void {
  if (!existsSync(CLI)) throw new Error(`no CLI bundle at ${CLI}: run 'npm run build', or set ZENML_SA_CLI to a bundled cli.js`);
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node CLI ...args` with only the given environment (plus PATH and HOME, so a CI runner's
 * GITHUB_ACTIONS cannot leak in). stdin gets `stdin` and is closed; it is never a terminal.
 */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}, stdin = ''): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** A fake ZenML with an account `ci` holding a key `default`, and a fake GitHub with a few targets. */
export interface World {
  readonly zenml: FakeZenml;
  readonly github: FakeGitHub;
  /** The key of `ci/default`: the management credential of most tests. */
  readonly adminKey: string;
  /** Environment that points the CLI at the fakes with `adminKey`. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts both fakes. */
export async function startWorld(options: FakeZenmlOptions = {}): Promise<World> {
  const zenml = await startFakeZenml(options);
  const github = await startFakeGitHub({
    token: GITHUB_TOKEN,
    repositories: ['acme/app', 'acme/lib'],
    environments: { 'acme/app': ['prod'] },
    organizations: ['acme'],
  });
  zenml.seedServiceAccount('ci', { description: 'CI deployer' });
  const adminKey = zenml.seedApiKey('ci', 'default').key;
  const env = { ZENML_STORE_URL: zenml.url, ZENML_STORE_API_KEY: adminKey, GITHUB_TOKEN, GITHUB_API_URL: github.url };
  return { zenml, github, adminKey, env, close: async () => void (await Promise.all([zenml.close(), github.close()])) };
}

/** The forms of a key that must not leak: the key, its base64 body and the secret inside. */
export function secretForms(secret: string): string[] {
  if (!secret.startsWith('ZENKEY_')) return [secret];
  const body = secret.slice(7);
  const inner = (JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { key: string }).key;
  return [secret, body, inner];
}

/** Asserts that no form of any secret appears on stderr, except in the `::add-mask::` lines a job's CLI writes there. */
export function expectNotOnStderr(run: CliRun, secrets: readonly string[]): void {
  const text = run.stderr.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
  for (const secret of secrets) {
    for (const form of secretForms(secret)) expect(text.includes(form), `a secret (${form.slice(0, 10)}…) leaked to stderr`).toBe(false);
  }
}

/** Counts the occurrences of a text. */
export function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Asserts a failed run: the exit code, one line on stderr with the stable prefix, no stack trace. */
export function expectError(run: CliRun, code: number, pattern?: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  const last = lines.at(-1) ?? '';
  expect(last).toMatch(/^zenml-sa: error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  if (pattern) expect(last).toMatch(pattern);
}

/** Extracts the one key line from stdout (outside GitHub Actions: stdout is the key alone). */
export function keyFrom(run: CliRun): string {
  const key = run.stdout.trim();
  expect(key).toMatch(/^ZENKEY_[A-Za-z0-9+/]+=*$/);
  return key;
}
