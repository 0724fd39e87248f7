// Hostile (issue 11, item 5): inside a job (GITHUB_ACTIONS=true) the CLI's stdout is exactly what the docs
// promise, so that `eval "$(zenml-sa login …)"` and `NEW=$(zenml-sa … rotate …)` work in a `run:` step. The
// masks go to stderr, which the runner reads workflow commands from too, and which $(…) does not capture.
// Real bash runs the bundled CLI, as a workflow's `run:` step does.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parseFileCommands } from '../support/run-step.ts';
import { CLI, requireCli, secretForms, startWorld, type World } from '../cli/harness.ts';

let world: World | undefined;
let dir: string | undefined;
afterEach(async () => {
  await world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a bash script as a job's `run:` step would: GITHUB_ACTIONS=true, $NODE and $CLI to call the bundle. */
function step(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], GITHUB_ACTIONS: 'true', NODE: process.execPath, CLI, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The key appears nowhere in the step's log but in `::add-mask::` lines (the runner reads both streams). */
function expectOnlyMasked(log: string, key: string): void {
  const lines = log.split('\n').filter((line) => !line.startsWith('::add-mask::'));
  for (const form of secretForms(key)) expect(lines.join('\n').includes(form), `a form of the key (${form.slice(0, 10)}…) is in the log`).toBe(false);
  expect(log).toContain(`::add-mask::${key}\n`);
}

async function setUp(): Promise<{ world: World; githubEnv: string }> {
  requireCli();
  world = await startWorld();
  dir = mkdtempSync(join(tmpdir(), 'job-'));
  const githubEnv = join(dir, 'env');
  writeFileSync(githubEnv, '');
  return { world, githubEnv };
}

it('eval "$(zenml-sa login …)" in a job: runs nothing, prints no key, exports both variables to $GITHUB_ENV', async () => {
  const { world, githubEnv } = await setUp();
  const run = await step('eval "$("$NODE" "$CLI" login "$URL" --api-key "$KEY")"; echo "rc=$?"', { URL: world.zenml.url, KEY: world.adminKey, GITHUB_ENV: githubEnv });
  expect(run.stdout).toBe('rc=0\n');
  expect(run.stderr).not.toMatch(/command not found/);
  expectOnlyMasked(run.stdout + run.stderr, world.adminKey);
  expect(parseFileCommands(readFileSync(githubEnv, 'utf8'))).toEqual({ ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: world.adminKey });
});

it('eval "$(zenml-sa login …)" in a job without $GITHUB_ENV: the export lines set the variables in this shell', async () => {
  const { world } = await setUp();
  const script = 'eval "$("$NODE" "$CLI" login "$URL" --api-key "$KEY")" && [ "$ZENML_STORE_API_KEY" = "$KEY" ] && [ "$ZENML_STORE_URL" = "$URL" ] && echo set';
  const run = await step(script, { URL: world.zenml.url, KEY: world.adminKey });
  expect(run.stdout).toBe('set\n');
  expectOnlyMasked(run.stdout + run.stderr, world.adminKey);
});

it('NEW=$(zenml-sa … rotate …) in a job captures exactly the new key, which is masked before anything prints it', async () => {
  const { world, githubEnv } = await setUp();
  const out = join(dir!, 'new');
  const script = 'NEW=$("$NODE" "$CLI" service-account api-key ci rotate default) && printf %s "$NEW" > "$OUT"';
  const run = await step(script, { ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: world.adminKey, GITHUB_ENV: githubEnv, OUT: out });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toBe('');
  const captured = readFileSync(out, 'utf8');
  expect(captured).toMatch(/^ZENKEY_[A-Za-z0-9+/]+=*$/);
  expect(captured).not.toBe(world.adminKey);
  expectOnlyMasked(run.stderr, captured);
});
