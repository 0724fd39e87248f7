import { errorMessage } from '../core/errors.js';
import { ZenmlError } from '../zenml/errors.js';
import { LostAnswerError, lostBecause } from '../zenml/lost-answer.js';
import type { ZenmlClient } from '../zenml/client.js';
import { checkServer, resolveTarget, verifyNewKey } from './common.js';
import { CommandError, type CommandDeps, type CommandResult, type CommandSettings } from './types.js';

/** The name of a job's ephemeral key: unique per run attempt, recognisable in the key list. */
export function ephemeralKeyName(settings: CommandSettings, randomHex: (length: number) => string): string {
  return `${settings.apiKeyName ?? 'gha'}-${settings.run.id}-${settings.run.attempt}-${randomHex(6)}`;
}

/** `ephemeral`: a key for this job only, exported but never stored; the post step deletes it. */
export async function ephemeral(settings: CommandSettings, deps: CommandDeps): Promise<CommandResult> {
  const { zenml } = deps;
  const [info, target] = await Promise.all([checkServer(deps), resolveTarget(deps, settings, undefined)]);
  const account = await zenml.getServiceAccount(target.knownAccount?.id ?? target.account);
  if (!account.active) throw new Error(`service account '${account.name}' is inactive: a key made for it could not log in`);
  const name = ephemeralKeyName(settings, deps.randomHex);
  const accountRef = { id: account.id, name: account.name };
  let created;
  deps.progress?.irreversible({ verb: 'create', subject: { account: accountRef, key: { id: '', name } }, targets: [] });
  try {
    created = await zenml.createApiKey(account.id, { name, description: `Ephemeral key of GitHub Actions run ${settings.run.id} (attempt ${settings.run.attempt}); deleted when the job ends.` });
  } catch (error) {
    if (!(error instanceof LostAnswerError)) throw error;
    let message = error.message;
    if (error.record) {
      // The key exists without a value anyone holds: the post step deletes it like any ephemeral key.
      deps.onKeyCreated?.({ account: accountRef, key: { id: error.record.id, name: error.record.name } });
      message = `Ephemeral API key '${name}' of service account '${account.name}' was created, but its value is lost: ${lostBecause(error.cause)}. There is no key to export. The post step deletes the key when the job ends.`;
    }
    throw new CommandError(message, { subject: { account: accountRef }, written: [], notWritten: [] }, { cause: error });
  }
  deps.onSecret(created.key);
  const subject = { account: accountRef, key: { id: created.id, name: created.name } };
  // Before the check: a key that fails it, or a job cancelled meanwhile, must still be deleted by the post step.
  deps.onKeyCreated?.(subject);
  if (settings.verify) {
    try {
      await verifyNewKey(deps, created.key, accountRef, created.id);
    } catch (error) {
      throw new CommandError(`Ephemeral API key '${name}' was created but failed its check: ${errorMessage(error)}. The post step deletes it when the job ends.`, { newKey: created.key, subject, written: [], notWritten: [] }, { cause: error });
    }
  }
  return {
    command: 'ephemeral',
    serverVersion: info.version,
    ...subject,
    done: `created ephemeral API key '${name}' of service account '${account.name}'; it is deleted when the job ends`,
    keyToExport: created.key,
    newKey: true,
    secretsUpdated: [],
    warnings: [],
  };
}

/**
 * The post step's work: delete the ephemeral key, once the server confirms that the key with that id bears the
 * name the main step gave it (so a tampered id cannot aim the deletion at another key). Gone (404) counts as deleted.
 */
export async function deleteEphemeralKey(zenml: ZenmlClient, accountId: string, keyId: string, keyName: string): Promise<'deleted' | 'already gone'> {
  try {
    const key = await zenml.getApiKey(accountId, keyId);
    if (key.id.toLowerCase() !== keyId.toLowerCase() || key.name !== keyName) {
      throw new Error(`the server's API key ${keyId} is named '${key.name}', not '${keyName}' as this run's ephemeral key was: not deleting it`);
    }
    await zenml.deleteApiKey(accountId, keyId);
    return 'deleted';
  } catch (error) {
    if (error instanceof ZenmlError && error.status === 404) return 'already gone';
    throw error;
  }
}
