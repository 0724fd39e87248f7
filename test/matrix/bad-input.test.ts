// The bad-input matrix, both faces: each case is one error line naming the input, a non-zero exit, and
// no request to either fake server.
import { describe, expect, it } from 'vitest';
import { expectNoLeak, runStep } from '../action/harness.ts';
import { expectError, expectNotOnStderr, requireCli, runCli, startWorld as startCliWorld } from '../cli/harness.ts';
import { startFakeGitHub } from '../fakes/github-server.ts';
import { startFakeZenml } from '../fakes/zenml-server.ts';
import { ACTION_INPUT_CASES, CLI_FLAG_CASES } from './bad-input-cases.ts';
import { recordRow } from './support/record.ts';

const PASSWORD = 'matrix-admin-password-never-shown';
const TOKEN = 'github_pat_MATRIX0bad0input0never0shown';

describe.concurrent('bad input to the action', () => {
  it.each(ACTION_INPUT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const zenml = await startFakeZenml({ adminName: 'admin', adminPassword: PASSWORD });
    const github = await startFakeGitHub({ token: TOKEN, repositories: ['acme/app', 'acme/lib'], organizations: ['acme'] });
    try {
      const inputs = { 'server-url': zenml.url, username: 'admin', password: PASSWORD, 'github-token': TOKEN, 'github-api-url': github.url, 'service-account': 'ci-deployer', ...c.inputs };
      const run = await runStep(inputs, { env: c.env ?? {} });
      expect(run.code).toBe(1);
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(c.expected);
      expect(zenml.requests).toHaveLength(0);
      expect(github.requests).toHaveLength(0);
      expect(run.env).toEqual({});
      expectNoLeak(run, [PASSWORD, TOKEN, c.inputs['api-key']]);
      recordRow({ matrix: 'bad-input', case: `action: ${c.name}`, outcome: 'exit 1; one error line; 0 requests', message: errors[0]!.replace(/^::error::/, '') });
    } finally {
      await Promise.all([zenml.close(), github.close()]);
    }
  });
});

describe.concurrent('bad flags to the CLI', () => {
  it.each(CLI_FLAG_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    requireCli();
    const world = await startCliWorld();
    try {
      const run = await runCli(c.args, { ...world.env, ...c.env });
      expectError(run, 2, c.expected);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
      expect(world.zenml.requests).toHaveLength(0);
      expect(world.github.requests).toHaveLength(0);
      expectNotOnStderr(run, [world.adminKey]);
      recordRow({ matrix: 'bad-input', case: `cli: ${c.name}`, outcome: 'exit 2; one error line; 0 requests', message: run.stderr.trim() });
    } finally {
      await world.close();
    }
  });
});
