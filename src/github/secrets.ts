import { silentLogger, type Logger } from '../core/logger.js';
import { createGitHubClient, type GitHubClientOptions, type GitHubOctokit } from './client.js';
import { SecretTargetsError, toGitHubApiError, type AccessNeeds, type SecretFailure, type SecretUpdate } from './errors.js';
import { decodePublicKey, loadSodium, sealSecret } from './seal.js';
import { describeTarget, validateSecretName, validateSecretValue, type OrganizationVisibility, type RepositoryRef, type SecretTarget } from './targets.js';

/** A target whose public key (and, for `selected`, repository ids) were fetched by `prepare`. */
export interface PreparedTarget {
  readonly target: SecretTarget;
  /** `repository:acme/app`, `environment:acme/app/prod`, `organization:acme`. */
  readonly label: string;
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  /** Organization secrets: the visibility to send, given or (not given) the existing secret's, else `private`. */
  readonly visibility?: OrganizationVisibility;
  /** Integer ids for an organization secret with visibility `selected`. */
  readonly selectedRepositoryIds: readonly number[];
}

/** Options for {@link createGitHubSecrets}. */
export interface GitHubSecretsOptions extends Omit<GitHubClientOptions, 'logger'> {
  readonly logger?: Logger | undefined;
  /** Where the token came from, for messages: `github-token` (the action's input) or `$GITHUB_TOKEN`. */
  readonly tokenName?: string | undefined;
  /** How many targets are worked on at once (default 4); writes are also spaced by the client. */
  readonly concurrency?: number | undefined;
}

/** Writes one value to many targets: `prepare` (the preflight) first, then `store`. */
export interface GitHubSecrets {
  /**
   * Fetches each target's public key and resolves selected repository ids; for an organization secret without a
   * visibility, reads the audience the secret `name` has now. Throws SecretTargetsError listing every target that
   * cannot be written.
   */
  prepare(targets: readonly SecretTarget[], name?: string): Promise<PreparedTarget[]>;
  /** Seals `value` for each prepared target and writes it; throws SecretTargetsError (after trying all) if any failed. */
  store(prepared: readonly PreparedTarget[], name: string, value: string, onWritten?: (update: SecretUpdate) => void): Promise<SecretUpdate[]>;
}

/** Creates the secrets writer; the Octokit is built on first use, so creating it makes no request. */
export function createGitHubSecrets(options: GitHubSecretsOptions): GitHubSecrets {
  const logger = options.logger ?? silentLogger;
  const tokenName = options.tokenName ?? 'github-token';
  // At most 10 at once, as the throttling plugin's global group allowed before client.ts replaced it.
  const concurrency = Math.min(10, Math.max(1, options.concurrency ?? 4));
  let client: Promise<GitHubOctokit> | undefined;
  const octokit = (): Promise<GitHubOctokit> => (client ??= createGitHubClient({ ...options, logger }));

  return {
    async prepare(targets, name) {
      // Sealing needs libsodium later: compile it while the public keys are on their way.
      loadSodium().catch(() => undefined);
      const gh = await octokit();
      const repoIds = new Map<string, Promise<number>>();
      const outcomes = await mapLimit(targets, concurrency, async (target) => {
        try {
          return { ok: true as const, prepared: await prepareOne(gh, target, repoIds, logger, name === undefined ? undefined : validateSecretName(name), tokenName) };
        } catch (error) {
          return { ok: false as const, failure: { target: describeTarget(target), error: asError(error) } };
        }
      });
      const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.failure]));
      if (failed.length > 0) throw new SecretTargetsError('prepare', undefined, [], failed, targets.length);
      return outcomes.flatMap((o) => (o.ok ? [o.prepared] : []));
    },

    async store(prepared, rawName, value, onWritten) {
      const name = validateSecretName(rawName);
      validateSecretValue(value);
      if (prepared.length === 0) return [];
      const gh = await octokit();
      const outcomes = await mapLimit(prepared, concurrency, async (p): Promise<SecretUpdate | SecretFailure> => {
        try {
          const result = await putSecret(gh, p, name, value, tokenName);
          logger.debug(`secret ${name} ${result} in ${p.label}`);
          const update: SecretUpdate = { target: p.label, secret: name, result };
          onWritten?.(update);
          return update;
        } catch (error) {
          return { target: p.label, error: asError(error) };
        }
      });
      const written = outcomes.filter((o): o is SecretUpdate => 'result' in o);
      const failed = outcomes.filter((o): o is SecretFailure => 'error' in o);
      if (failed.length > 0) throw new SecretTargetsError('store', name, written, failed);
      return written;
    },
  };
}

/** Validates name and value, runs the preflight and stores: for callers that have nothing to do in between. */
export async function storeSecret(
  options: GitHubSecretsOptions,
  targets: readonly SecretTarget[],
  name: string,
  value: string,
): Promise<SecretUpdate[]> {
  validateSecretName(name);
  validateSecretValue(value);
  const secrets = createGitHubSecrets(options);
  return secrets.store(await secrets.prepare(targets, name), name, value);
}

function needsFor(target: SecretTarget, tokenName: string): AccessNeeds {
  const dependabot = target.kind !== 'environment' && target.store === 'dependabot';
  switch (target.kind) {
    case 'repository':
      return {
        tokenName,
        object: `repository ${target.owner}/${target.repo}`,
        fineGrained: dependabot ? 'Dependabot secrets: write' : 'Secrets: write',
        classic: 'repo',
      };
    case 'environment':
      return {
        tokenName,
        object: `environment '${target.environment}' of ${target.owner}/${target.repo}`,
        fineGrained: 'Environments: write and Secrets: write',
        classic: 'repo',
      };
    case 'organization':
      return {
        tokenName,
        object: `organization ${target.org}`,
        fineGrained: dependabot ? 'organization Dependabot secrets: write' : 'organization Secrets: write',
        classic: 'admin:org',
      };
  }
}

async function prepareOne(
  gh: GitHubOctokit,
  target: SecretTarget,
  repoIds: Map<string, Promise<number>>,
  logger: Logger,
  secretName: string | undefined,
  tokenName: string,
): Promise<PreparedTarget> {
  const needs = needsFor(target, tokenName);
  let response;
  try {
    response = await (target.kind === 'repository'
      ? gh.request('GET /repos/{owner}/{repo}/{store}/secrets/public-key', { owner: target.owner, repo: target.repo, store: target.store })
      : target.kind === 'environment'
        ? gh.request('GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key', {
            owner: target.owner,
            repo: target.repo,
            environment_name: target.environment,
          })
        : gh.request('GET /orgs/{org}/{store}/secrets/public-key', { org: target.org, store: target.store }));
  } catch (error) {
    throw toGitHubApiError(error, needs);
  }
  const data = response.data as { key_id?: unknown; key?: unknown };
  if (typeof data.key_id !== 'string' || typeof data.key !== 'string') {
    throw new Error(`the public key GitHub returned for ${needs.object} lacks key_id or key`);
  }
  const publicKey = await decodePublicKey(data.key);
  const label = describeTarget(target);
  logger.debug(`${label}: public key ${data.key_id}`);
  if (target.kind !== 'organization') return { target, label, keyId: data.key_id, publicKey, selectedRepositoryIds: [] };
  if (target.visibility === undefined) {
    const audience = secretName ? await currentAudience(gh, target, secretName, tokenName) : undefined;
    const kept = audience ?? { visibility: 'private' as const, selectedRepositoryIds: [] };
    logger.debug(`${label}: ${audience ? 'keeps its' : 'a new secret gets'} visibility ${kept.visibility}`);
    return { target, label, keyId: data.key_id, publicKey, ...kept };
  }
  const selectedRepositoryIds =
    target.visibility === 'selected' ? await Promise.all(target.selectedRepositories.map((ref) => resolveRepositoryId(gh, ref, repoIds, tokenName))) : [];
  return { target, label, keyId: data.key_id, publicKey, visibility: target.visibility, selectedRepositoryIds };
}

/**
 * Who may read an existing organization secret: its visibility and, for `selected`, every repository id (all
 * pages). Undefined when there is no such secret yet. GitHub requires `visibility` on every write, and a list
 * left out of a `selected` write is not documented to be kept, so both are read here and sent again.
 */
async function currentAudience(
  gh: GitHubOctokit,
  target: Extract<SecretTarget, { kind: 'organization' }>,
  name: string,
  tokenName: string,
): Promise<{ visibility: OrganizationVisibility; selectedRepositoryIds: number[] } | undefined> {
  const needs: AccessNeeds = { tokenName, object: `organization ${target.org}`, fineGrained: 'organization Secrets: read', classic: 'admin:org' };
  let visibility: unknown;
  try {
    ({ data: { visibility } } = (await gh.request('GET /orgs/{org}/{store}/secrets/{secret_name}', { org: target.org, store: target.store, secret_name: name })) as { data: { visibility?: unknown } });
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    throw toGitHubApiError(error, needs);
  }
  if (visibility !== 'all' && visibility !== 'private' && visibility !== 'selected') {
    throw new Error(`GitHub answered an unknown visibility for organization secret ${name} of ${target.org}: ${JSON.stringify(visibility)}`);
  }
  if (visibility !== 'selected') return { visibility, selectedRepositoryIds: [] };
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    let data: { total_count?: unknown; repositories?: Array<{ id?: unknown }> };
    try {
      ({ data } = (await gh.request('GET /orgs/{org}/{store}/secrets/{secret_name}/repositories', {
        org: target.org,
        store: target.store,
        secret_name: name,
        per_page: 100,
        page,
      })) as { data: typeof data });
    } catch (error) {
      throw toGitHubApiError(error, needs);
    }
    const repositories = data.repositories ?? [];
    for (const repo of repositories) if (typeof repo.id === 'number') ids.push(repo.id);
    if (repositories.length < 100 || ids.length >= Number(data.total_count ?? 0)) return { visibility, selectedRepositoryIds: ids };
  }
}

function resolveRepositoryId(gh: GitHubOctokit, ref: RepositoryRef, cache: Map<string, Promise<number>>, tokenName: string): Promise<number> {
  if ('id' in ref) return Promise.resolve(ref.id);
  const key = `${ref.owner}/${ref.name}`.toLowerCase();
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = (async () => {
      try {
        const { data } = await gh.request('GET /repos/{owner}/{repo}', { owner: ref.owner, repo: ref.name });
        if (typeof data.id !== 'number') throw new Error(`GitHub returned no id for repository ${ref.owner}/${ref.name}`);
        return data.id;
      } catch (error) {
        throw toGitHubApiError(error, {
          tokenName,
          object: `repository ${ref.owner}/${ref.name} (from selected-repositories)`,
          fineGrained: 'Metadata: read',
          classic: 'repo',
        });
      }
    })();
    cache.set(key, pending);
  }
  return pending;
}

async function putSecret(gh: GitHubOctokit, p: PreparedTarget, name: string, value: string, tokenName: string): Promise<'created' | 'updated'> {
  const encrypted_value = await sealSecret(value, p.publicKey);
  const body = { encrypted_value, key_id: p.keyId };
  const { target } = p;
  let status: number;
  try {
    if (target.kind === 'repository') {
      ({ status } = await gh.request('PUT /repos/{owner}/{repo}/{store}/secrets/{secret_name}', {
        owner: target.owner,
        repo: target.repo,
        store: target.store,
        secret_name: name,
        ...body,
      }));
    } else if (target.kind === 'environment') {
      ({ status } = await gh.request('PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', {
        owner: target.owner,
        repo: target.repo,
        environment_name: target.environment,
        secret_name: name,
        ...body,
      }));
    } else {
      ({ status } = await gh.request('PUT /orgs/{org}/{store}/secrets/{secret_name}', {
        org: target.org,
        store: target.store,
        secret_name: name,
        ...body,
        visibility: p.visibility ?? 'private',
        ...(p.visibility === 'selected' ? { selected_repository_ids: [...p.selectedRepositoryIds] } : {}),
      }));
    }
  } catch (error) {
    throw toGitHubApiError(error, needsFor(target, tokenName));
  }
  return status === 201 ? 'created' : 'updated';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the result. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
