import { randomBytes } from 'node:crypto';
import { create } from '../../commands/create.js';
import { rotate } from '../../commands/rotate.js';
import { CommandError, type CommandDeps, type CommandResult, type CommandSettings } from '../../commands/types.js';
import { createGitHubSecrets, type GitHubSecrets } from '../../github/index.js';
import type { ZenmlClient } from '../../zenml/client.js';
import type { Credentials } from '../../zenml/session.js';
import type { Context } from '../context.js';
import { deliverKey, type KeyDelivery } from '../key-delivery.js';
import { jsonText } from '../output.js';
import { sentences } from '../../core/message.js';
import { inGitHubActions, maskInJob } from '../job.js';
import type { SecretDestination } from '../settings.js';

/** A key to create or rotate, with where to store it. */
export interface NewKeyRequest {
  readonly command: 'create' | 'rotate';
  readonly serviceAccount: string;
  readonly keyName: string;
  readonly description?: string | undefined;
  readonly retainMinutes: number;
  readonly destination: SecretDestination | undefined;
  /** Where the key goes if the command fails after it was made (stdout when undefined). */
  readonly delivery?: KeyDelivery | undefined;
}

/** A key made by this run, with what the core reported. */
export interface NewKey {
  readonly result: CommandResult;
  readonly key: string;
}

/** The GitHub writer for a destination, or undefined when nothing is to be stored. */
export function secretsWriter(ctx: Context, destination: SecretDestination | undefined): GitHubSecrets | undefined {
  return destination ? createGitHubSecrets({ token: destination.token, tokenName: destination.tokenName, baseUrl: destination.apiUrl, logger: ctx.logger }) : undefined;
}

/**
 * Creates or rotates a key through the core's `create`/`rotate` (checks and GitHub preflight first,
 * then the one irreversible request, verify, store, race check). The key is masked the moment it exists;
 * if anything fails after that, it is printed on stdout before the error rises: a key is never lost.
 */
export async function makeKey(
  ctx: Context,
  zenml: ZenmlClient,
  credentials: Credentials,
  request: NewKeyRequest,
  secrets: GitHubSecrets | undefined = secretsWriter(ctx, request.destination),
): Promise<NewKey> {
  const settings: CommandSettings = {
    command: request.command,
    apiKey: credentials.kind === 'api-key' ? credentials.apiKey : undefined,
    userCredentials: credentials.kind === 'password',
    serviceAccount: request.serviceAccount,
    apiKeyName: request.keyName,
    description: request.description,
    retainMinutes: request.retainMinutes,
    secretName: request.destination?.secretName,
    targets: request.destination?.targets ?? [],
    verify: true,
    maxKeyAgeDays: 0,
    run: { id: 'local', attempt: '1' },
    names: { apiKey: '--api-key', apiKeyName: 'KEY', retain: '--retain', rotate: `'zenml-sa service-account api-key SA rotate ${request.keyName}'` },
  };
  const deps: CommandDeps = {
    zenml,
    secrets,
    logger: ctx.logger,
    onSecret: (value) => {
      ctx.redactor.add(value);
      if (inGitHubActions(ctx.env)) maskInJob(value);
    },
    now: () => new Date(),
    randomHex: (length) => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length),
  };
  try {
    const result = await (request.command === 'create' ? create(settings, deps) : rotate(settings, deps));
    if (!result.keyToExport) throw new Error(`internal: ${request.command} returned no key`);
    return { result, key: result.keyToExport };
  } catch (error) {
    if (!(error instanceof CommandError) || !error.state.newKey) throw error;
    const key = error.state.newKey;
    // The key exists only here: it is handed on before the failure is reported.
    let where = request.delivery?.outputFile ? `written to ${request.delivery.outputFile}` : 'printed on stdout';
    try {
      const fields = deliverKey(ctx, request.delivery, key);
      if (ctx.json && Object.keys(fields).length > 0) ctx.io.out(jsonText(fields));
      if (request.delivery?.setKey && !request.delivery.outputFile) where = inGitHubActions(ctx.env) && ctx.env['GITHUB_ENV'] ? 'exported to $GITHUB_ENV' : 'printed on stdout in export lines';
    } catch {
      where = 'printed on stdout';
    }
    throw new CommandError(sentences(error.message, `The new key was ${where}: keep it, it is shown only this once`), error.state, { cause: error });
  }
}

/** Reports where the new key was stored, on stderr. */
export function reportStored(ctx: Context, result: CommandResult): void {
  for (const update of result.secretsUpdated) ctx.say(`Secret ${update.secret} ${update.result} in ${update.target}.`);
}

/** Secrets-updated in the action's output shape, for `--json`. */
export function secretsJson(result: CommandResult): Record<string, unknown> {
  return result.secretsUpdated.length > 0 ? { secrets_updated: result.secretsUpdated } : {};
}
