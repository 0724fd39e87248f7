import { afterEach, expect, it } from 'vitest';
import { runCommand, CommandError, type CommandSettings } from '../../src/commands/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createGitHubSecrets, parseSecretTargets, type GitHubSecrets } from '../../src/github/index.ts';
import { ZenmlClient } from '../../src/zenml/client.ts';
import { startFakeGitHub } from '../fakes/github-server.ts';
import { startFakeZenml } from '../fakes/zenml-server.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

it('two rotations of one key at once: the run whose rotation came first fails and says what its targets hold', async () => {
  const zenmlServer = await startFakeZenml();
  const github = await startFakeGitHub({ token: 'ghp_x', repositories: ['acme/app'] });
  closers.push(() => zenmlServer.close(), () => github.close());
  zenmlServer.seedServiceAccount('deployer');
  zenmlServer.seedApiKey('deployer', 'ci');
  const admin = { kind: 'password' as const, username: 'default', password: '' };
  const zenml = new ZenmlClient({ url: zenmlServer.url, credentials: admin });
  const other = new ZenmlClient({ url: zenmlServer.url, credentials: admin });
  closers.push(() => zenml.close(), () => other.close());

  const real = createGitHubSecrets({ token: 'ghp_x', baseUrl: github.url, timeScaleMs: 1 });
  let otherKey = '';
  // The other run's rotation lands while this run is storing its key.
  const secrets: GitHubSecrets = {
    prepare: (targets) => real.prepare(targets),
    store: async (prepared, name, value) => {
      otherKey = (await other.rotateApiKey('deployer', 'ci', { retainMinutes: 10 })).key;
      return real.store(prepared, name, value);
    },
  };
  const settings: CommandSettings = {
    command: 'rotate',
    apiKey: undefined,
    userCredentials: true,
    serviceAccount: 'deployer',
    apiKeyName: 'ci',
    description: undefined,
    retainMinutes: 0,
    secretName: 'ZENML_STORE_API_KEY',
    targets: parseSecretTargets({ repository: 'acme/app' }),
    verify: true,
    maxKeyAgeDays: 0,
    run: { id: '1', attempt: '1' },
  };
  const masked: string[] = [];
  const error = await runCommand(settings, {
    zenml,
    secrets,
    logger: silentLogger,
    onSecret: (value) => masked.push(value),
    now: () => new Date(),
    randomHex: () => 'abcdef',
  }).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(CommandError);
  const failure = error as CommandError;
  expect(failure.message).toMatch(/^two rotations raced: API key 'ci' of service account 'deployer' was rotated again at \S+Z, after this run rotated it at \S+Z\./);
  expect(failure.message).toContain("The targets this run wrote (repository:acme/app) hold this run's key, which stays valid only until");
  expect(failure.message).toContain('concurrency group');
  const ours = failure.state.newKey!;
  expect(masked).toEqual([ours]);
  expect(github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(ours);
  // What the message says is true: our key is the retained one, the other run's key is current.
  expect(zenmlServer.keyLogsIn(ours)).toBe(true);
  expect(zenmlServer.keyLogsIn(otherKey)).toBe(true);
  expect(zenmlServer.inspectApiKey('deployer', 'ci')?.rotations).toBe(2);
});
