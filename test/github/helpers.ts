import type { Logger } from '../../src/core/logger.ts';
import { createGitHubSecrets, type GitHubSecretsOptions } from '../../src/github/secrets.ts';
import { parseSecretTargets, type TargetInputs } from '../../src/github/targets.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../fakes/github-server.ts';

export const TOKEN = 'ghp_FAKE0token0that0must0never0leak0000';

export const WORLD: FakeGitHubOptions = {
  token: TOKEN,
  repositories: ['acme/app', 'acme/lib', { fullName: 'acme/web', id: 777 }, 'solo/tool'],
  environments: { 'acme/app': ['prod', 'eu/staging'] },
  organizations: ['acme'],
};

export function startWorld(extra: Partial<FakeGitHubOptions> = {}): Promise<FakeGitHub> {
  return startFakeGitHub({ ...WORLD, ...extra });
}

/** A logger that keeps every line, so tests can check nothing secret was logged. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
  };
}

/** The secrets writer pointed at the fake, with waits shrunk to milliseconds. */
export function secretsFor(gh: FakeGitHub, options: Partial<GitHubSecretsOptions> = {}) {
  return createGitHubSecrets({ token: TOKEN, baseUrl: gh.url, timeScaleMs: 1, ...options });
}

/** What the action does: parse the inputs, preflight, store. */
export async function storeFromInputs(
  gh: FakeGitHub,
  inputs: TargetInputs,
  name: string,
  value: string,
  options: Partial<GitHubSecretsOptions> = {},
) {
  const secrets = secretsFor(gh, options);
  const prepared = await secrets.prepare(parseSecretTargets(inputs));
  return secrets.store(prepared, name, value);
}

/** PUTs the fake answered with success, per path. */
export function successfulPuts(gh: FakeGitHub): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of gh.requests) {
    if (r.method === 'PUT' && (r.status === 201 || r.status === 204)) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  }
  return counts;
}

export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`a non-Error was thrown: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}
