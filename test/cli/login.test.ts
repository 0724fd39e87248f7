import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, expectError, expectNotOnStderr, requireCli, runCli, startWorld, type World } from './harness.ts';

let world: World;
let key: string;
beforeAll(async () => {
  requireCli();
  world = await startWorld();
  key = world.zenml.seedApiKey('ci', 'login').key;
});
afterAll(() => world.close());

/** Parses $GITHUB_ENV's heredoc format (`NAME<<DELIM`, value lines, `DELIM`). */
function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([A-Z_]+)<<(ghadelimiter_[0-9a-f-]{36})$/.exec(lines[i] ?? '');
    if (!m) continue;
    const end = lines.indexOf(m[2] as string, i + 1);
    out[m[1] as string] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return out;
}

const onlyUrl = () => ({ PATH: process.env['PATH'] ?? '' });

describe('login', () => {
  it('logs in with --api-key KEY and prints exactly two shell-quoted export lines that eval works with', async () => {
    const run = await runCli(['login', world.zenml.url, '--api-key', key], onlyUrl());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`export ZENML_STORE_URL='${world.zenml.url}'\nexport ZENML_STORE_API_KEY='${key}'\n`);
    expect(run.stderr).toMatch(/service account 'ci'/);
    expectNotOnStderr(run, [key]);
    expect(world.zenml.requests.some((r) => r.path === '/api/v1/login' && r.body.includes('zenml-api-key'))).toBe(true);

    // The export lines work in a shell: eval "$(zenml-sa login …)".
    const script = `eval "$("${process.execPath}" "${CLI}" login "$URL" --api-key "$K" 2>/dev/null)" && printf '%s\\n%s' "$ZENML_STORE_URL" "$ZENML_STORE_API_KEY"`;
    const shell = await new Promise<string>((resolve) => {
      let out = '';
      const child = spawn('sh', ['-c', script], { env: { PATH: process.env['PATH'], URL: world.zenml.url, K: key } });
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => resolve(out));
    });
    expect(shell).toBe(`${world.zenml.url}\n${key}`);
  });

  it('with a bare --api-key reads the key from stdin (not a terminal), URL from the environment', async () => {
    const run = await runCli(['login', '--api-key'], { ZENML_STORE_URL: world.zenml.url }, `${key}\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([`export ZENML_STORE_URL='${world.zenml.url}'`, `export ZENML_STORE_API_KEY='${key}'`, '']);
    const beforeUrl = await runCli(['login', '--api-key', world.zenml.url], {}, key);
    expect(beforeUrl.code, beforeUrl.stderr).toBe(0);
  });

  it('takes the key from ZENML_STORE_API_KEY when no --api-key is given', async () => {
    const run = await runCli(['login'], { ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: key });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`export ZENML_STORE_API_KEY='${key}'`);
  });

  it('fails with exit 1 on a key the server rejects, and prints no export line', async () => {
    const dead = world.zenml.seedApiKey('ci', 'dead', { active: false }).key;
    const run = await runCli(['login', world.zenml.url, '--api-key'], {}, dead);
    expectError(run, 1, /401/);
    expect(run.stdout).toBe('');
    expectNotOnStderr(run, [dead]);
  });

  it('a malformed key on stdin is a rejected key (exit 1) before any request', async () => {
    const before = world.zenml.requests.length;
    const run = await runCli(['login', world.zenml.url, '--api-key'], {}, 'hello\n');
    expectError(run, 1, /^zenml-sa: error: invalid API key: .*not a ZenML API key/);
    expect(world.zenml.requests.length).toBe(before);
  });

  it('--github-env masks the key and appends both variables to $GITHUB_ENV instead of printing them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zenml-sa-'));
    const envFile = join(dir, 'env');
    writeFileSync(envFile, 'EARLIER<<ghadelimiter_00000000-0000-0000-0000-000000000000\nx\nghadelimiter_00000000-0000-0000-0000-000000000000\n');
    const run = await runCli(['login', world.zenml.url, '--api-key', key, '--github-env'], { GITHUB_ENV: envFile });
    expect(run.code, run.stderr).toBe(0);
    // Nothing on stdout (an eval of it runs nothing); the masks on stderr, where the runner reads them too.
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(`::add-mask::${key}`);
    expect(parseEnvFile(readFileSync(envFile, 'utf8'))).toEqual({ EARLIER: 'x', ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: key });
    expectNotOnStderr(run, [key]);
  });

  it('inside GitHub Actions writes $GITHUB_ENV by default', async () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'zenml-sa-')), 'env');
    writeFileSync(envFile, '');
    const run = await runCli(['login', '--api-key'], { GITHUB_ACTIONS: 'true', GITHUB_ENV: envFile, ZENML_STORE_URL: world.zenml.url }, key);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(`::add-mask::${key}`);
    expect(parseEnvFile(readFileSync(envFile, 'utf8'))).toEqual({ ZENML_STORE_URL: world.zenml.url, ZENML_STORE_API_KEY: key });
  });
});

describe('token', () => {
  it('prints the bearer token alone, which the server accepts', async () => {
    const run = await runCli(['token'], world.env);
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trimEnd();
    expect(run.stdout).toBe(`${token}\n`);
    expect(token).toBe(world.zenml.mintKeyToken('ci', 'default'));
    const response = await fetch(`${world.zenml.url}/api/v1/current-user`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });

  it('--json gives access_token, token_type and expires_at; a user password works too', async () => {
    const run = await runCli(['token', '--json', '--username', 'default', '--password', ''], world.env);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['access_token', 'token_type', 'expires_at']);
    expect(out['access_token']).toBe(world.zenml.mintUserToken('default'));
    expect(out['token_type']).toBe('bearer');
    expect(out['expires_at']).toBeNull();
  });

  it('flags win over variables', async () => {
    const run = await runCli(['token', '--api-key', key], { ...world.env, ZENML_STORE_USERNAME: 'nobody', ZENML_STORE_PASSWORD: 'x' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(world.zenml.mintKeyToken('ci', 'login'));
  });
});
