// e2e.yml rehearsed locally: its steps, read from the file, run in order against the servers its own step starts
// (npm run fakes), with the bundled action for `uses: ./`, bash for `run:`, and the post
// steps in reverse order. GitHub runs the real thing; this catches a broken step before a push does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvFile, readSteps, runJob, runProcess, type Step } from './workflow-runner.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workflow = readFileSync(join(root, '.github', 'workflows', 'e2e.yml'), 'utf8');
const check = join(root, '.github', 'e2e', 'check.mjs');

/**
 * Runs the workflow's own servers step (npm run fakes in the background) in a process group of its own, so that
 * the servers it leaves running can be stopped afterwards; returns the group and what the step wrote to $GITHUB_ENV.
 */
async function startServers(step: Step, temp: string): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const envFile = join(temp, 'servers-github-env');
  writeFileSync(envFile, '');
  const child = spawn('bash', ['-e', '-c', step.run!], {
    cwd: root,
    detached: true,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? temp, RUNNER_TEMP: temp, GITHUB_ENV: envFile },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  if (code !== 0) throw new Error(`the servers step exited with ${code}`);
  return { child, env: parseEnvFile(readFileSync(envFile, 'utf8')) };
}

describe('e2e.yml, rehearsed against the servers it starts', () => {
  let servers: { child: ChildProcess; env: Record<string, string> };
  const serversStep = readSteps(workflow).find((step) => step.name === 'Start the local ZenML and GitHub servers')!;
  const temp = mkdtempSync(join(tmpdir(), 'e2e-rehearsal-'));
  const jobEnv = (): Record<string, string> => ({
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? temp,
    GITHUB_ACTIONS: 'true',
    // The real repository is not on the local GitHub server: the workflow must name its repository input.
    GITHUB_REPOSITORY: 'someone/zenml-service-account-action',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_TEMP: temp,
    ...servers.env,
  });

  beforeAll(async () => {
    servers = await startServers(serversStep, temp);
  }, 60_000);
  afterAll(() => {
    // The step's shell has exited; npm run fakes, left in the background, is still in its process group.
    if (servers?.child.pid) process.kill(-servers.child.pid, 'SIGTERM');
    rmSync(temp, { recursive: true, force: true });
  });

  it("the workflow's servers step starts npm run fakes and hands every value on under an E2E_ name", () => {
    expect(serversStep.run).toContain('npm run fakes -s > "$RUNNER_TEMP/fakes.env"');
    expect(Object.keys(servers.env).sort()).toEqual(
      ['E2E_GITHUB_API_URL', 'E2E_GITHUB_TOKEN', 'E2E_REPOSITORY', 'E2E_ZENML_PASSWORD', 'E2E_ZENML_URL', 'E2E_ZENML_USERNAME'].sort(),
    );
    for (const [name, value] of Object.entries(servers.env)) expect(value, name).not.toBe('');
    expect(servers.env['E2E_ZENML_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('every step passes, the post steps run in reverse and the ephemeral key is gone at the end', async () => {
    // Stood in for: checkout and setup-node (this checkout, this Node), npm ci (done), the servers (started above).
    const skip = (step: Step) => Boolean(step.uses?.startsWith('actions/') || step.run === 'npm ci --no-audit --no-fund' || step.name === serversStep.name);
    const { results } = await runJob(readSteps(workflow), jobEnv(), skip);
    const failed = results.filter((r) => r.code !== 0);
    expect(failed.map((r) => `${r.step} exited ${r.code}:\n${r.log}`)).toEqual([]);
    expect(results.map((r) => r.step)).toEqual([
      'create',
      'create exported a key that logs in and stored it',
      'connect with the key create made',
      'connect exported the key',
      'rotate with a retention window',
      'rotate exported a new key; the previous one still logs in',
      './.github/e2e/expect-deleted',
      'ephemeral',
      'a later step reads ZENML_STORE_URL and ZENML_STORE_API_KEY',
      'post ephemeral',
      'post ./.github/e2e/expect-deleted',
      'post rotate with a retention window',
      'post connect with the key create made',
      'post create',
    ]);
    expect(results.find((r) => r.step === 'post ./.github/e2e/expect-deleted')?.log).toContain('ZENML_STORE_API_KEY no longer logs in');
    expect(results.find((r) => r.step.startsWith('rotate exported'))?.log).toContain('E2E_PREVIOUS_KEY logs in');
  }, 60_000);

  it('the check fails on a wrong URL, a missing key, a refused key, and a key that still logs in after its post step', async () => {
    const base = jobEnv();
    const run = (args: string[], env: Record<string, string>) => runProcess(process.execPath, [check, ...args], { ...base, ...env });
    const wrongUrl = await run(['ZENML_STORE_API_KEY'], { ZENML_STORE_URL: 'http://127.0.0.1:9', ZENML_STORE_API_KEY: 'x' });
    expect(wrongUrl.code).toBe(1);
    expect(wrongUrl.log).toContain("::error::ZENML_STORE_URL is 'http://127.0.0.1:9', expected the local server's URL");
    const missing = await run(['ZENML_STORE_API_KEY'], { ZENML_STORE_URL: base.E2E_ZENML_URL! });
    expect(missing.log).toContain('::error::ZENML_STORE_API_KEY is empty or not set');
    const refused = await run(['ZENML_STORE_API_KEY'], { ZENML_STORE_URL: base.E2E_ZENML_URL!, ZENML_STORE_API_KEY: 'ZENKEY_bm90LWEta2V5' });
    expect(refused.code).toBe(1);
    expect(refused.log).toContain('::error::ZENML_STORE_API_KEY does not log in');
    expect(refused.log).not.toContain('ZENKEY_bm90LWEta2V5');
    // A key that logs in, as a create step leaves it, must fail the --deleted check.
    const create = readSteps(workflow).find((s) => s.id === 'create')!;
    const made = await runJob([{ ...create, with: { ...create.with, 'service-account': 'e2e-check' } }], base, () => false);
    expect(made.results.map((r) => r.code)).toEqual([0, 0]);
    const stillThere = await runProcess(process.execPath, [check, '--deleted', 'ZENML_STORE_API_KEY'], made.env);
    expect(stillThere.code).toBe(1);
    expect(stillThere.log).toContain('::error::ZENML_STORE_API_KEY still logs in after the post step');
  }, 60_000);
});
