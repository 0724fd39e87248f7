// Inputs that could steer a request elsewhere are refused before any request: names `.` and `..` (they collapse
// URL paths), an http:// GitHub API URL to a host that is not loopback, a degenerate GitHub public key (refused in
// the preflight, before the rotation); and a malformed URL is never echoed with its password.
import { expect } from 'vitest';
import { hostileCases } from './support/cases.ts';
import { startLiar } from './support/liar.ts';
import { errorLine, runCli, runStep, startHostileWorld, type HostileWorld } from './support/world.ts';

const URL_PASSWORD = 's3cret pass@word';

/** Requests either server saw (the liar logs every ZenML request, the fake GitHub its own). */
const requestsMade = (world: HostileWorld) => world.liar.requests.length + world.github.requests.length;

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

hostileCases(import.meta.url, {
  "action: api-key-name '..' (a key update would become an account update) and service-account '.'": async () => {
    const world = await startHostileWorld();
    try {
      const runs = [
        await runStep({ ...world.inputs, command: 'deactivate', 'api-key-name': '..' }),
        await runStep({ ...world.inputs, command: 'rotate', 'service-account': '.', 'api-key-name': 'github-actions' }),
      ];
      expect(runs.map((r) => r.code)).toEqual([1, 1]);
      expect(errorLine(runs[0]!)).toMatch(/^api-key-name: '\.\.' cannot be a name/);
      expect(errorLine(runs[1]!)).toMatch(/^service-account: '\.' cannot be a name/);
      expect(requestsMade(world)).toBe(0);
      expect(world.zenml.inspectServiceAccount('ci-deployer')!.active).toBe(true);
      return { held: 'exit 1 with one error line each; no request to ZenML or GitHub', message: errorLine(runs[0]!) };
    } finally {
      await world.close();
    }
  },
  "cli: '..' as a key argument and '.' as --name": async () => {
    const world = await startHostileWorld();
    try {
      const runs = [
        await runCli(['service-account', 'api-key', 'ci-deployer', 'update', '..', '--active', 'false'], world.cliEnv),
        await runCli(['service-account', 'update', 'ci-deployer', '--name', '.'], world.cliEnv),
      ];
      expect(runs.map((r) => r.code)).toEqual([2, 2]);
      expect(lastLine(runs[0]!.stderr)).toMatch(/^zenml-sa: error: KEY '\.\.' cannot be a name/);
      expect(lastLine(runs[1]!.stderr)).toMatch(/^zenml-sa: error: --name: '\.' cannot be a name/);
      expect(requestsMade(world)).toBe(0);
      return { held: 'exit 2 (usage) with one error line each; no request', message: lastLine(runs[0]!.stderr) };
    } finally {
      await world.close();
    }
  },
  'action and cli: github-api-url http:// to a host that is not loopback': async () => {
    const world = await startHostileWorld();
    try {
      const action = await runStep({ ...world.inputs, command: 'rotate', 'api-key-name': 'github-actions', 'github-api-url': 'http://github.example.com/api/v3' });
      const cli = await runCli(['service-account', 'api-key', 'ci-deployer', 'rotate', 'github-actions', '--secret-name', 'KEY', '--repository', 'acme/app', '--github-api-url', 'http://github.example.com/api/v3'], world.cliEnv);
      expect(action.code).toBe(1);
      expect(errorLine(action)).toMatch(/^github-api-url: refusing plain http:\/\/ to 'github\.example\.com'/);
      expect(cli.code).toBe(2);
      expect(lastLine(cli.stderr)).toMatch(/github-api-url: refusing plain http:\/\//);
      expect(requestsMade(world)).toBe(0);
      return { held: 'refused before any request (action exit 1, CLI exit 2): the token would travel in clear', message: errorLine(action) };
    } finally {
      await world.close();
    }
  },
  'action and cli: a malformed URL carrying a password is not echoed with it': async () => {
    const world = await startHostileWorld();
    try {
      const bad = `https://admin:${URL_PASSWORD}@zenml example.com`;
      const runs = [
        await runStep({ ...world.inputs, 'server-url': bad, command: 'describe' }),
        await runStep({ ...world.inputs, command: 'rotate', 'api-key-name': 'github-actions', 'github-api-url': `https://x:${URL_PASSWORD}@api github.com` }),
      ];
      const cli = await runCli(['service-account', 'list', '--url', bad], world.cliEnv);
      expect([...runs.map((r) => r.code), cli.code]).toEqual([1, 1, 2]);
      for (const text of [...runs.flatMap((r) => [r.stdout, r.stderr, r.summary]), cli.stdout, cli.stderr]) {
        expect(text).not.toContain('s3cret');
        expect(text).not.toContain('word@');
      }
      expect(errorLine(runs[0]!)).toContain("'https://admin:***@zenml example.com' is not a URL");
      expect(requestsMade(world)).toBe(0);
      return { held: 'refused before any request; the URL is quoted with *** for its password', message: errorLine(runs[0]!) };
    } finally {
      await world.close();
    }
  },
  'action: GitHub hands out a degenerate public key (all zero, or of small order)': async () => {
    const world = await startHostileWorld();
    const github = await startLiar(world.github.url);
    try {
      const before = world.zenml.inspectApiKey('ci-deployer', 'github-actions')!;
      const degenerate = [Buffer.alloc(32), Buffer.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'hex')];
      const runs = [];
      for (const key of degenerate) {
        github.lie({ method: 'GET', path: /public-key$/, times: 1, lie: { kind: 'rewrite', edit: (json) => ({ ...(json as object), key: key.toString('base64') }) } });
        runs.push(await runStep({ ...world.inputs, 'github-api-url': github.url, command: 'rotate', 'api-key-name': 'github-actions' }));
      }
      expect(runs.map((r) => r.code)).toEqual([1, 1]);
      for (const run of runs) expect(errorLine(run)).toContain('degenerate');
      expect(world.zenml.requests.filter((r) => r.path.endsWith('/rotate'))).toEqual([]);
      expect(world.zenml.inspectApiKey('ci-deployer', 'github-actions')!.lastRotated).toBe(before.lastRotated);
      return { held: 'exit 1 in the preflight: no rotation, the key unchanged (a probe value cannot be sealed to the key)', message: errorLine(runs[0]!) };
    } finally {
      await Promise.all([github.close(), world.close()]);
    }
  },
});
