// The fault matrix, run in-process against the real fakes (behind a relay for the faults the fake
// cannot make at one step), with every wait scaled to milliseconds.
import { describe, expect, it } from 'vitest';
import { CommandError, runCommand, type CommandResult, type CommandSettings } from '../../src/commands/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createGitHubSecrets, parseSecretTargets } from '../../src/github/index.ts';
import { ZenmlClient } from '../../src/zenml/client.ts';
import { startFakeGitHub, type Fault } from '../fakes/github-server.ts';
import { startFakeZenml } from '../fakes/zenml-server.ts';
import { FAULT_CASES, type FaultCase } from './fault-cases.ts';
import { recordRow } from './support/record.ts';
import { startRelay } from './support/relay.ts';

const PASSWORD = 'matrix-admin-password-never-shown';
const TOKEN = 'ghp_MATRIX0fault0token0never0shown000';
const TARGET = 'repository:acme/app';
const SECRET = 'ZENML_STORE_API_KEY';

function githubFault(fault: FaultCase['fault']): { fault: Fault; times: number } {
  switch (fault) {
    case '502 once':
      return { fault: { kind: 'status', status: 502 }, times: 1 };
    case '502 every time':
      return { fault: { kind: 'status', status: 502 }, times: 100 };
    case '429 with retry-after':
      return { fault: { kind: 'rate-limit', status: 429, retryAfter: 2 }, times: 1 };
    case '403 integration-forbidden':
      return { fault: { kind: 'integration-forbidden' }, times: 1 };
    default:
      return { fault: { kind: 'reset', apply: true }, times: 1 };
  }
}

function settingsFor(c: FaultCase): CommandSettings {
  const stores = c.command !== 'ephemeral';
  return {
    command: c.command === 'create' ? 'create' : c.command === 'ephemeral' ? 'ephemeral' : 'rotate',
    apiKey: undefined,
    userCredentials: true,
    serviceAccount: 'ci-deployer',
    apiKeyName: undefined,
    description: undefined,
    retainMinutes: c.command === 'rotate (retain 60)' ? 60 : 0,
    secretName: stores ? SECRET : undefined,
    targets: stores ? parseSecretTargets({ repository: 'acme/app' }) : [],
    verify: true,
    maxKeyAgeDays: 0,
    run: { id: '4242', attempt: '1' },
  };
}

const yes = (b: boolean) => (b ? 'yes' : 'no');


async function runRow(c: FaultCase) {
  const zenmlServer = await startFakeZenml({ adminName: 'admin', adminPassword: PASSWORD });
  const github = await startFakeGitHub({ token: TOKEN, repositories: ['acme/app'] });
  const relay = await startRelay(zenmlServer.url);
  const account = zenmlServer.seedServiceAccount('ci-deployer');
  const rotating = c.command.startsWith('rotate');
  const old = rotating ? zenmlServer.seedApiKey('ci-deployer', 'github-actions') : undefined;
  const keysBefore = zenmlServer.inspectServiceAccount('ci-deployer')!.keys.length;
  const zenml = new ZenmlClient({
    url: relay.url,
    credentials: { kind: 'password', username: 'admin', password: PASSWORD },
    retry: { sleep: async () => {}, random: () => 0.5 },
    timeoutMs: 300,
  });
  const masked: string[] = [];
  let result: CommandResult | undefined;
  let error: unknown;
  try {
    if (c.zenml) {
      const { method, path, n } = c.zenml;
      if (c.fault === '500') zenmlServer.failNth({ n, status: 500, method, path });
      else if (c.fault === '429 with retry-after') zenmlServer.failNth({ n, status: 429, method, path, headers: { 'retry-after': '1' } });
      else relay.rule({ method, path, n, fault: c.fault === 'connection refused' ? 'refuse' : c.fault === 'timeout after applying' ? 'timeout' : 'lose' });
    }
    if (c.github) github.fail({ method: c.github.method, path: c.github.path, ...githubFault(c.fault) });
    const secrets = c.command === 'ephemeral' ? undefined : createGitHubSecrets({ token: TOKEN, baseUrl: github.url, timeScaleMs: 1 });
    result = await runCommand(settingsFor(c), {
      zenml,
      secrets,
      logger: silentLogger,
      onSecret: (value) => masked.push(value),
      now: () => new Date(),
      randomHex: () => 'abcdef',
    }).catch((e: unknown) => {
      error = e;
      return undefined;
    });
  } finally {
    await zenml.close().catch(() => undefined);
  }

  const message = error instanceof Error ? error.message : error === undefined ? '' : String(error);
  const state = error instanceof CommandError ? error.state : undefined;
  const exported = result?.keyToExport ?? state?.newKey;
  const stored = github.secret(TARGET, SECRET)?.plaintext;
  const changingRequests = zenmlServer.requests.filter((r) => (r.method === 'PUT' && r.path.endsWith('/rotate')) || (r.method === 'POST' && r.path.endsWith('/api_keys')));
  const record = rotating ? zenmlServer.inspectApiKey('ci-deployer', 'github-actions') : undefined;
  const keysAfter = zenmlServer.inspectServiceAccount('ci-deployer')!.keys.length;
  const changed = rotating ? (record?.rotations ?? 0) : keysAfter - keysBefore;
  const oldLogsIn = old ? zenmlServer.keyLogsIn(old.key) : undefined;
  const newLogsIn = exported ? zenmlServer.keyLogsIn(exported) : undefined;
  const storedLogsIn = stored ? zenmlServer.keyLogsIn(stored) : false;
  const snapshot = { storedLogsIn, zenmlServer, github, relay, account, old, message, error, result, state, exported, stored, masked, changingRequests, changed, oldLogsIn, newLogsIn, record };
  await Promise.all([relay.close(), zenmlServer.close(), github.close()]);
  return snapshot;
}

describe.concurrent('fault matrix: no key is ever lost, and the message says what happened', () => {
  it.each(FAULT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const s = await runRow(c);
    const what = c.command.startsWith('rotate') ? 'rotated' : 'created';
    // The fault really happened (a row whose fault never fired would prove nothing).
    if (c.remote === 'zenml' && (c.fault === '500' || c.fault === '429 with retry-after')) expect(s.zenmlServer.requests.some((r) => r.status === Number(c.fault.slice(0, 3)))).toBe(true);
    else if (c.remote === 'zenml') expect(s.relay.fired).toHaveLength(1);
    else expect(s.github.requests.some((r) => r.method === c.github!.method && c.github!.path.test(r.path) && r.status !== 200 && r.status !== 201 && r.status !== 204)).toBe(true);

    // Never twice: one irreversible request at most, one change at most.
    expect(s.changingRequests.length).toBeLessThanOrEqual(1);
    expect(s.changed).toBeLessThanOrEqual(1);
    // A key made by this run is masked first, and is exported (result or failure state).
    if (s.exported && s.exported !== s.old?.key) {
      expect(s.masked[0]).toBe(s.exported);
      expect(s.newLogsIn, 'the exported key logs in').toBe(true);
    }
    if (s.changed === 0) {
      expect(s.exported, 'nothing changed, so nothing new is exported').toBeUndefined();
      if (s.old) expect(s.oldLogsIn, 'nothing changed: the old key still works').toBe(true);
      expect(s.message).not.toMatch(/the server (rotated|created) the key|' was (rotated|created)/i);
    } else if (s.exported) {
      // The new key exists and this run holds it: it is exported, and stored unless the message says otherwise.
      if (c.command !== 'ephemeral' && s.stored !== s.exported) {
        expect(s.message).toMatch(/storing (the new key|it) failed|it was not stored/);
        expect(s.state?.notWritten).toContain(TARGET);
      }
    } else {
      // The server changed, but its answer (the only copy of the new key) never arrived: the message must say how to recover.
      expect(s.message).toMatch(/(value is lost|key's value is lost): its answer never arrived|check (its last_rotated|whether)/);
      expect(s.message).toMatch(/create a new API key|Delete API key|create it again|creating it again|create a new key|Rotating it again ends nothing that still works|The post step deletes the key/);
    }
    if (s.result) {
      expect(s.error).toBeUndefined();
      if (c.command !== 'ephemeral') expect(s.stored).toBe(s.exported);
    } else {
      expect(s.message.length).toBeGreaterThan(0);
      expect(s.message).not.toMatch(/\n/);
    }
    // Retention as the message says it.
    if (s.old && s.changed === 1) {
      expect(s.oldLogsIn).toBe(c.command === 'rotate (retain 60)');
      if (/previous key (stays valid|keeps working) until/.test(s.message)) expect(s.oldLogsIn).toBe(true);
      if (/previous key (no longer works|stopped working at once)/.test(s.message)) expect(s.oldLogsIn).toBe(false);
    }
    // The message never carries a secret.
    for (const secret of [PASSWORD, TOKEN, s.old?.key, s.exported, s.stored]) {
      if (secret) expect(s.message.includes(secret)).toBe(false);
    }

    const targetHolds = c.command === 'ephemeral' ? 'stores nothing' : s.stored === undefined ? `${TARGET} holds nothing` : s.stored === s.exported || (s.stored !== s.old?.key && s.storedLogsIn) ? `${TARGET} holds the new key` : `${TARGET} holds another key`;
    const outcome = [
      s.result ? 'succeeded' : 'failed',
      `server ${what} ${s.changed}×`,
      targetHolds,
      ...(s.old ? [`old key logs in: ${yes(s.oldLogsIn === true)}`] : []),
      `new key exported: ${yes(Boolean(s.exported))}`,
      s.changed === 1 && !s.exported && !s.storedLogsIn ? 'new key value lost (message says how to recover)' : 'no key lost',
    ].join('; ');
    // The first steps run in parallel (server info, login, GitHub preflight): when the server goes away there,
    // which request reports it first varies from run to run, so the doc names it generically.
    const racy = c.fault === 'connection refused' && (c.step === 'server info' || c.step === 'admin login');
    const message = racy ? s.message.replace(/^[^:]+: connection refused(: is the server running at this address\?) \(\w+ [^)]+\)$/, '<the first request to fail>: connection refused$1') : s.message;
    recordRow({ matrix: 'fault', case: c.name, outcome, message });
  });
});
