// The concurrency matrix: two rotations of one key at once are detected, and the loser says what its
// targets hold. The same scenario as test/commands/race.test.ts, recorded as a matrix row.
import { expect, it } from 'vitest';
import { CommandError, runCommand, type CommandSettings } from '../../src/commands/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createGitHubSecrets, parseSecretTargets, type GitHubSecrets } from '../../src/github/index.ts';
import { ZenmlClient } from '../../src/zenml/client.ts';
import { startFakeGitHub } from '../fakes/github-server.ts';
import { startFakeZenml } from '../fakes/zenml-server.ts';
import { CONCURRENCY_CASES } from './transport-cases.ts';
import { recordRow } from './support/record.ts';

it(CONCURRENCY_CASES[0], async () => {
  const zenmlServer = await startFakeZenml();
  const github = await startFakeGitHub({ token: 'ghp_x', repositories: ['acme/app'] });
  const admin = { kind: 'password' as const, username: 'default', password: '' };
  const noWait = { sleep: async () => {}, random: () => 0.5 };
  const zenml = new ZenmlClient({ url: zenmlServer.url, credentials: admin, retry: noWait });
  const other = new ZenmlClient({ url: zenmlServer.url, credentials: admin, retry: noWait });
  try {
    zenmlServer.seedServiceAccount('deployer');
    zenmlServer.seedApiKey('deployer', 'ci');
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
    const error = await runCommand(settings, { zenml, secrets, logger: silentLogger, onSecret: () => {}, now: () => new Date(), randomHex: () => 'abcdef' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    const failure = error as CommandError;
    expect(failure.message).toMatch(/^two rotations raced/);
    expect(failure.message).toContain('concurrency group');
    const ours = failure.state.newKey!;
    expect(github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(ours);
    expect(zenmlServer.keyLogsIn(ours)).toBe(true);
    expect(zenmlServer.keyLogsIn(otherKey)).toBe(true);
    expect(zenmlServer.inspectApiKey('deployer', 'ci')?.rotations).toBe(2);
    recordRow({
      matrix: 'concurrency',
      case: CONCURRENCY_CASES[0],
      outcome: "the run whose rotation came first fails; its target holds its key (retained by the other rotation) and it is exported; the other run's key is current; server rotated 2× (once per run)",
      message: failure.message,
    });
  } finally {
    await Promise.all([zenml.close(), other.close()]);
    await Promise.all([zenmlServer.close(), github.close()]);
  }
});
