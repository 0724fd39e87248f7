import { errorMessage } from '../core/errors.js';
import type { SecretUpdate } from '../github/index.js';
import { LostAnswerError } from '../zenml/lost-answer.js';
import type { ApiKeyWithValue, ServiceAccount } from '../zenml/models.js';
import { checkServer, DEFAULT_KEY_NAME, preflight, resolveTarget, storeKey, storeOutcome, verifyNewKey } from './common.js';
import { ACTION_NAMES, CommandError, type CommandDeps, type CommandResult, type CommandSettings, type Subject } from './types.js';

/** `create`: the account if it is missing, then a new named key; mask, verify, store. */
export async function create(settings: CommandSettings, deps: CommandDeps): Promise<CommandResult> {
  const { zenml } = deps;
  // Only the POSTs must wait for the GitHub preflight; the lookups run alongside it.
  const [{ info, target, keyName, found }, prepared] = await Promise.all([lookUp(settings, deps), preflight(deps, settings)]);
  const labels = (prepared ?? []).map((p) => p.label);
  let account: ServiceAccount | undefined = found;
  const createdAccount = !account;
  if (!account) {
    deps.progress?.irreversible({ verb: 'create', subject: { account: { id: '', name: target.account } }, targets: labels });
    account = await zenml.createServiceAccount({ name: target.account, ...(settings.description ? { description: settings.description } : {}) });
  }

  let created: ApiKeyWithValue;
  const accountRef = { id: account.id, name: account.name };
  deps.progress?.irreversible({ verb: 'create', subject: { account: accountRef, key: { id: '', name: keyName } }, targets: labels });
  try {
    created = await zenml.createApiKey(account.id, { name: keyName, ...(settings.description ? { description: settings.description } : {}) });
  } catch (error) {
    if (!(error instanceof LostAnswerError)) throw error;
    throw new CommandError(error.message, { subject: { account: accountRef }, written: [], notWritten: labels }, { cause: error });
  }
  const key = created.key;
  deps.onSecret(key);
  const subject: Required<Subject> = { account: accountRef, key: { id: created.id, name: created.name } };
  deps.onKeyCreated?.(subject);
  const what = `API key '${created.name}' of service account '${account.name}'`;
  const fail = (message: string, cause: unknown, written: readonly SecretUpdate[] = [], notWritten: readonly string[] = labels) =>
    new CommandError(message, { newKey: key, subject, written, notWritten }, { cause });

  if (settings.verify) {
    try {
      await verifyNewKey(deps, key, accountRef, created.id);
    } catch (error) {
      throw fail(`${what} was created, but it failed its check: ${errorMessage(error)}; it was not stored`, error);
    }
  }
  let secretsUpdated: SecretUpdate[];
  try {
    secretsUpdated = await storeKey(deps, settings, prepared, key);
  } catch (error) {
    const { written, notWritten } = storeOutcome(error, prepared);
    throw fail(`${what} was created, but storing it failed: ${errorMessage(error)}. Fix that, then run 'rotate' to store a fresh value`, error, written, notWritten);
  }
  return {
    command: 'create',
    serverVersion: info.version,
    ...subject,
    done: createdAccount ? `created service account '${account.name}' and its API key '${created.name}'` : `created ${what}`,
    keyToExport: key,
    newKey: true,
    secretsUpdated,
    warnings: [],
  };
}

/** The server check, the target, and the account if it exists already (with no key of that name). */
async function lookUp(settings: CommandSettings, deps: CommandDeps) {
  const [info, target] = await Promise.all([checkServer(deps), resolveTarget(deps, settings, DEFAULT_KEY_NAME)]);
  const keyName = target.key ?? DEFAULT_KEY_NAME;
  const found = await deps.zenml.findServiceAccount(target.knownAccount?.id ?? target.account);
  if (found && (await deps.zenml.findApiKey(found.id, keyName))) {
    const names = settings.names ?? ACTION_NAMES;
    throw new Error(`API key '${keyName}' of service account '${found.name}' already exists: use ${names.rotate} to give it a new value, or another ${names.apiKeyName}`);
  }
  return { info, target, keyName, found };
}
