// The leak matrix: the bundled action and the bundled CLI, every command, success and failure paths,
// debug logging off and on. The canaries: the admin password, the GitHub token, the bearer tokens a login
// gives (the fake's 0.58 tokens are deterministic), the old key and every new key, in every derived form.
import { describe, expect, it } from 'vitest';
import { expectMaskedFirst, expectNoLeak, runStep, secretForms, type StepRun } from '../action/harness.ts';
import { requireCli, runCli, startWorld as startCliWorld } from '../cli/harness.ts';
import { startFakeGitHub } from '../fakes/github-server.ts';
import { startFakeZenml } from '../fakes/zenml-server.ts';
import { ACTION_LEAK_CASES, CLI_LEAK_CASES, CLI_MODES, DEBUG_MODES, type ActionLeakCase, type CliLeakCase } from './leak-cases.ts';
import { recordRow } from './support/record.ts';

const PASSWORD = 'matrix-admin-password-never-shown';
const WRONG_PASSWORD = 'wrong-password-also-secret';
const TOKEN = 'github_pat_MATRIX0leak0token0never0shown';
const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' };
const errorLine = (run: { stdout: string }) => run.stdout.split('\n').find((l) => l.startsWith('::error::'))?.slice(9) ?? '';

async function runActionCase(c: ActionLeakCase, debug: boolean) {
  const zenml = await startFakeZenml({ adminName: 'admin', adminPassword: PASSWORD });
  const github = await startFakeGitHub({ token: TOKEN, repositories: ['acme/app'] });
  try {
    zenml.seedServiceAccount('ci-deployer');
    const seeded = zenml.seedApiKey('ci-deployer', 'github-actions');
    const canaries = [PASSWORD, WRONG_PASSWORD, TOKEN, seeded.key, zenml.mintUserToken('admin'), zenml.mintKeyToken('ci-deployer', 'github-actions')];
    c.arrange?.({ zenml, github, key: seeded.key });
    const auth = c.asKey ? { 'api-key': seeded.key } : { username: 'admin', password: PASSWORD };
    const inputs = { 'server-url': zenml.url, 'github-token': TOKEN, 'github-api-url': github.url, ...auth, ...c.inputs };
    const env = debug ? DEBUG : {};
    const run = await runStep(inputs, { env });
    expect(run.code, run.stdout).toBe(c.ok ? 0 : 1);
    if (!c.ok) expect(errorLine(run)).not.toBe('');

    // Every new key this run made, wherever it went.
    const exported = run.env['ZENML_STORE_API_KEY'];
    const newKeys = new Set([exported, run.outputs['api-key'], github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext].filter((k): k is string => Boolean(k) && k !== seeded.key));
    const newKeyName = run.outputs['api-key-name'];
    if (c.inputs['command'] === 'ephemeral' && newKeyName) canaries.push(zenml.mintKeyToken('ci-deployer', newKeyName));
    const allowedKey = exported ?? run.outputs['api-key'];
    expectNoLeak(run, [...canaries, ...newKeys], { ...(allowedKey ? { exportedKey: allowedKey } : {}), ...(c.inputs['output-api-key'] === 'true' && run.outputs['api-key'] ? { outputKey: run.outputs['api-key'] } : {}) });
    expectMaskedFirst(run, c.asKey ? seeded.key : inputs['password']!);
    for (const key of newKeys) expect(run.stdout.split('\n')).toContain(`::add-mask::${key}`);

    let post: StepRun | undefined;
    if (c.post) {
      post = await runStep(inputs, { entry: 'post/index.js', env, state: run.state });
      expect(post.code).toBe(0);
      expectNoLeak(post, [...canaries, ...newKeys]);
      expect(zenml.inspectServiceAccount('ci-deployer')!.keys).toEqual(['github-actions']);
    }
    return { run, exported: Boolean(exported), newKeys: newKeys.size, post };
  } finally {
    await Promise.all([zenml.close(), github.close()]);
  }
}

describe.concurrent('leak matrix: the action', () => {
  const rows = ACTION_LEAK_CASES.flatMap((c) => DEBUG_MODES.map((mode) => [`${c.name} (${mode})`, c, mode] as const));
  it.each(rows)('%s', async (name, c, mode) => {
    const { run, exported, newKeys, post } = await runActionCase(c, mode === 'debug on');
    const outcome = [
      `exit ${run.code}`,
      `${newKeys} new key(s)`,
      `exported: ${exported ? 'yes' : 'no'}`,
      ...(post ? [`post step exit ${post.code}, key deleted`] : []),
      'no canary outside ::add-mask:: and the allowed export/output',
    ].join('; ');
    recordRow({ matrix: 'leak', case: `action ${name}`, outcome, message: errorLine(run) });
  });
});

async function runCliCase(c: CliLeakCase, inActions: boolean) {
  requireCli();
  const world = await startCliWorld();
  try {
    const { zenml, github, adminKey } = world;
    const canaries = [PASSWORD, WRONG_PASSWORD, adminKey, zenml.mintKeyToken('ci', 'default'), zenml.mintUserToken('default'), world.env['GITHUB_TOKEN']!];
    c.arrange?.(world);
    const envFile = inActions ? { GITHUB_ACTIONS: 'true', RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' } : {};
    const run = await runCli(c.args, { ...world.env, ...envFile, ...c.env });
    expect(run.code, run.stderr).toBe(c.ok ? 0 : 1);
    if (!c.ok) expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^zenml-sa: error: /);
    const stdout = run.stdout;
    const stderr = run.stderr.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    const token = c.prints === 'token' ? run.stdout.trim() : undefined;
    // What stdout may carry: the new key once (create, rotate), the token alone (token), the export lines (login).
    const printedKey = c.prints === 'new key' ? /ZENKEY_[A-Za-z0-9+/]+=*/.exec(stdout)?.[0] : undefined;
    if (c.prints === 'new key') {
      expect(printedKey, 'the new key is printed').toBeDefined();
      expect(stdout.split(printedKey!).length - 1).toBe(1);
      // Masks go to stderr (the runner reads commands there too), so that stdout is the key alone.
      if (inActions) expect(run.stderr.split('\n')).toContain(`::add-mask::${printedKey}`);
      expect(run.stdout).not.toContain('::add-mask::');
    }
    const allowedOnStdout = new Set([printedKey, token, c.prints === 'login' ? adminKey : undefined].filter(Boolean));
    const stored = github.secret('repository:acme/app', 'K')?.plaintext;
    for (const secret of [...canaries, printedKey, stored]) {
      if (!secret) continue;
      for (const form of secretForms(secret)) {
        expect(stderr.includes(form), `a secret (${form.slice(0, 10)}…) leaked to stderr`).toBe(false);
        if (!allowedOnStdout.has(secret)) expect(stdout.includes(form), `a secret (${form.slice(0, 10)}…) leaked to stdout`).toBe(false);
      }
    }
    return { run, printed: Boolean(printedKey) };
  } finally {
    await world.close();
  }
}

describe.concurrent('leak matrix: the CLI', () => {
  const rows = CLI_LEAK_CASES.flatMap((c) => CLI_MODES.map((mode) => [`${c.name} (${mode})`, c, mode] as const));
  it.each(rows)('%s', async (name, c, mode) => {
    const { run, printed } = await runCliCase(c, mode !== 'outside Actions');
    const outcome = [
      `exit ${run.code}`,
      c.prints === 'new key' ? `new key printed once on stdout: ${printed ? 'yes' : 'no'}` : c.prints === 'token' ? 'stdout is the token alone' : c.prints === 'login' ? 'stdout is the export lines' : 'no secret on stdout',
      'no canary on stderr',
    ].join('; ');
    recordRow({ matrix: 'leak', case: `cli ${name}`, outcome, message: run.code === 0 ? '' : (run.stderr.trim().split('\n').at(-1) ?? '') });
  });
});
