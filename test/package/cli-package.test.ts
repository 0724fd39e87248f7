// The CLI as users install it: `npm run pack:cli` makes a tarball of the bundle, README and LICENSE under a
// generated manifest; it installs into an empty prefix with no dependencies and runs from its `bin`, lazily loaded
// chunks included (storing a GitHub secret loads the GitHub client and libsodium from dist/cli/*.index.js).
// ZENML_SA_CLI_NODE picks the Node.js that runs the installed CLI (ci.yml runs this file on each supported line);
// by default it is the Node running the tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEngines, packCli } from '../../scripts/pack-cli.ts';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.ts';
import { startFakeZenml, type FakeZenml } from '../fakes/zenml-server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = process.env['ZENML_SA_CLI_NODE'] || process.execPath;
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with `node`'s folder first on PATH, so that `#!/usr/bin/env node` finds that Node. */
function run(command: string, args: readonly string[], env: Record<string, string> = {}, cwd = root): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: `${dirname(node)}${delimiter}${process.env['PATH']}`, HOME: process.env['HOME'] ?? tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Lists a tarball's entries with tar, as a user would see them. */
async function entries(tarball: string): Promise<string[]> {
  const listed = await run('tar', ['-tzf', tarball]);
  expect(listed.code, listed.stderr).toBe(0);
  return listed.stdout.split('\n').filter(Boolean).sort();
}

describe('the packed CLI', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'zenml-sa-package-'));
  const prefix = join(scratch, 'prefix');
  const bin = join(prefix, 'bin', 'zenml-sa');
  let tarball = '';
  let zenml: FakeZenml;
  let github: FakeGitHub;

  beforeAll(async () => {
    tarball = packCli(join(scratch, 'out'));
    // An empty prefix and --offline: a dependency to fetch would fail the install.
    const installed = await run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {}, scratch);
    expect(installed.code, installed.stderr).toBe(0);
    zenml = await startFakeZenml({ adminName: 'admin', adminPassword: 'package-test-password' });
    github = await startFakeGitHub({ token: 'ghp_package0test0token', repositories: ['acme/app'] });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([zenml?.close(), github?.close()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the bundle, README, LICENSE and its manifest, nothing else', async () => {
    const files = await entries(tarball);
    expect(files.filter((f) => !/^package\/dist\/cli\/\d+\.index\.js$/.test(f))).toEqual(
      ['package/LICENSE', 'package/README.md', 'package/dist/cli.js', 'package/dist/cli/index.js', 'package/dist/cli/package.json', 'package/package.json'].sort(),
    );
    // Every lazily loaded chunk of the build is in the tarball.
    const chunks = readdirSync(join(root, 'dist', 'cli')).filter((f) => /^\d+\.index\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(files).toContain(`package/dist/cli/${chunk}`);
  });

  it('has a bin named zenml-sa, no dependencies and the engines range ci.yml tests', () => {
    const installedDir = join(prefix, 'lib', 'node_modules', 'zenml-sa');
    const manifest = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['name']).toBe('zenml-sa');
    expect(manifest['version']).toBe(rootPackage.version);
    expect(manifest['bin']).toEqual({ 'zenml-sa': 'dist/cli.js' });
    expect(manifest['license']).toBe('Apache-2.0');
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) expect(manifest[field]).toBeUndefined();
    expect(existsSync(join(installedDir, 'node_modules'))).toBe(false);
    expect(existsSync(bin)).toBe(true);
    // The same range as the repository's own engines; ci.yml's CLI matrix starts at its floor and only holds lines
    // inside it, 24 (the action's) among them.
    expect(manifest['engines']).toEqual({ node: cliEngines() });
    const floor = /^>=(\d+)(?:\.\d+){0,2}$/.exec(cliEngines());
    expect(floor, `engines '${cliEngines()}' is not a plain >= range`).not.toBeNull();
    const matrix = /^\s+node: \[([\d, ]+)\]$/m.exec(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8'));
    expect(matrix, 'ci.yml has a cli matrix of Node.js lines').not.toBeNull();
    const lines = matrix![1]!.split(',').map((n) => Number(n.trim()));
    expect(Math.min(...lines)).toBe(Number(floor![1]));
    expect(lines).toContain(24);
  });

  it('runs from its bin on the chosen Node.js: --version and --help', async () => {
    const version = await run('node', ['-p', 'process.versions.node']);
    expect(version.stdout.trim()).toBe((await run(node, ['-p', 'process.versions.node'])).stdout.trim());
    // --version reads the installed package's own manifest, so it names the packed version.
    const printed = await run(bin, ['--version']);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(`zenml-sa, version ${rootPackage.version}\n`);
    const help = await run(bin, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: zenml-sa COMMAND');
  });

  it('creates a service account and stores its key as a GitHub secret against the local servers', async () => {
    const created = await run(bin, ['service-account', 'create', 'ci-deployer', '--secret-name', 'ZENML_STORE_API_KEY', '--repository', 'acme/app'], {
      ZENML_STORE_URL: zenml.url,
      ZENML_STORE_USERNAME: 'admin',
      ZENML_STORE_PASSWORD: 'package-test-password',
      GITHUB_TOKEN: 'ghp_package0test0token',
      GITHUB_API_URL: github.url,
    });
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ZENKEY_/);
    expect(zenml.keyLogsIn(key)).toBe(true);
    expect(github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
    expect(created.stderr).toContain("Secret ZENML_STORE_API_KEY created in repository:acme/app.");
    expect(created.stderr).not.toContain(key);
  });
});
