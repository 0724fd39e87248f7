// `npm run fakes`: the local servers a newcomer (or the e2e workflow) drives the CLI and the action against.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const started: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startFakes(args: string[]) {
  const child = spawn(process.execPath, ['scripts/fakes.ts', ...args], { cwd: root, env: { PATH: process.env['PATH'] ?? '' } });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const ready = new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (!stdout.includes('# ready\n')) return;
      // The whole output is a shell script: comments and `export NAME='value'` lines.
      const lines = stdout.trim().split('\n');
      expect(lines.every((line) => line.startsWith('#') || /^export [A-Z_]+='[^']*'$/.test(line))).toBe(true);
      resolve(Object.fromEntries([...stdout.matchAll(/^export ([A-Z_]+)='([^']*)'$/gm)].map((m) => [m[1]!, m[2]!])));
    });
    child.on('close', () => reject(new Error(`fakes exited before it was ready: ${stderr}`)));
  });
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm run fakes', () => {
  it('serves the chosen generation on fixed ports, prints ready-to-source exports, and the CLI works against them', async () => {
    const [zenmlPort, githubPort] = [await freePort(), await freePort()];
    const fakes = startFakes(['--zenml', '0.74', '--zenml-port', String(zenmlPort), '--github-port', String(githubPort)]);
    const env = await fakes.ready;
    expect(env).toMatchObject({ ZENML_STORE_URL: `http://127.0.0.1:${zenmlPort}`, GITHUB_API_URL: `http://127.0.0.1:${githubPort}`, GITHUB_REPOSITORY: 'acme/app' });
    const info = (await (await fetch(`${env['ZENML_STORE_URL']}/api/v1/info`)).json()) as { version: string };
    expect(info.version).toBe('0.74.0');
    const created = await run(['dist/cli.js', 'service-account', 'create', 'ci-deployer', '--secret-name', 'ZENML_STORE_API_KEY'], env);
    expect(created.stderr).toContain('Secret ZENML_STORE_API_KEY created in repository:acme/app.');
    expect([created.code, created.stdout]).toEqual([0, expect.stringMatching(/^ZENKEY_\S{160}\n$/)]);
    const key = created.stdout.trim();
    const asKey = await run(['dist/cli.js', 'service-account', 'api-key', 'ci-deployer', 'list'], { ZENML_STORE_URL: env['ZENML_STORE_URL']!, ZENML_STORE_API_KEY: key });
    expect([asKey.code, asKey.stdout]).toEqual([0, expect.stringContaining('default')]);
    fakes.child.kill('SIGTERM');
    expect(await fakes.exited).toBe(0);
    expect(fakes.output().stderr).toBe('npm run fakes: stopped (SIGTERM)\n');
    await expect(fetch(`${env['ZENML_STORE_URL']}/health`)).rejects.toThrow();
  });

  it('stops on SIGINT too, and defaults to 0.58 on free ports', async () => {
    const fakes = startFakes([]);
    const env = await fakes.ready;
    expect(fakes.output().stdout).toContain('(0.58 behaviour, version 0.58.0)');
    expect(env['ZENML_STORE_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    fakes.child.kill('SIGINT');
    expect(await fakes.exited).toBe(0);
  });

  it.each([
    [['--zenml', '1.0'], "--zenml must be one of 0.58, 0.74, 0.9x, not '1.0'"],
    [['--zenml-port', 'http'], "--zenml-port must be a port number (1-65535), not 'http'"],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with one line and a usage, exit 2, no server', async (args, message) => {
    const fakes = startFakes(args);
    await expect(fakes.ready).rejects.toThrow(message);
    expect(await fakes.exited).toBe(2);
    expect(fakes.output().stdout).toBe('');
    const first = fakes.output().stderr.split('\n')[0] ?? '';
    expect(first.slice(0, `npm run fakes: ${message}`.length)).toBe(`npm run fakes: ${message}`);
  });
});
