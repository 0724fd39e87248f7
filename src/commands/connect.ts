import { decodeApiKey } from '../zenml/api-key.js';
import { ZenmlError } from '../zenml/errors.js';
import { checkServer } from './common.js';
import { ACTION_NAMES, type CommandDeps, type CommandResult, type CommandSettings } from './types.js';

const DAY_MS = 86_400_000;

/** `connect`: log in with the key (so a bad key fails here), learn its account and key, check its age. */
export async function connect(settings: CommandSettings, deps: CommandDeps): Promise<CommandResult> {
  const apiKey = settings.apiKey;
  if (!apiKey) throw new Error('internal: connect needs api-key');
  const { keyId } = decodeApiKey(apiKey);
  const [info, user] = await Promise.all([checkServer(deps), deps.zenml.currentUser()]);
  if (!user.isServiceAccount) throw new Error(`${(settings.names ?? ACTION_NAMES).apiKey}: the key belongs to '${user.name}', which is not a service account`);
  const warnings: string[] = [];
  let keyName = keyId;
  try {
    const record = await deps.zenml.getApiKey(user.id, keyId);
    keyName = record.name;
    const changed = record.lastRotated ?? record.created;
    const ageDays = Math.floor((deps.now().getTime() - Date.parse(changed)) / DAY_MS);
    if (settings.maxKeyAgeDays > 0 && ageDays > settings.maxKeyAgeDays) {
      const when = record.lastRotated ? 'last rotated' : 'created and never rotated';
      warnings.push(
        `API key '${record.name}' of service account '${user.name}' was ${when} ${ageDays} days ago (${changed}), more than max-key-age-days (${settings.maxKeyAgeDays}): rotate it`,
      );
    }
  } catch (error) {
    // Servers that let only admins read keys still let the key log in: connecting works, the age is unknown.
    if (!(error instanceof ZenmlError) || (error.status !== 403 && error.status !== 404)) throw error;
    if (settings.maxKeyAgeDays > 0) warnings.push(`the key's age could not be read (${error.detail}), so max-key-age-days was not checked`);
  }
  return {
    command: 'connect',
    serverVersion: info.version,
    account: { id: user.id, name: user.name },
    key: { id: keyId, name: keyName },
    done: `connected as service account '${user.name}' with API key '${keyName}'`,
    keyToExport: apiKey,
    newKey: false,
    secretsUpdated: [],
    warnings,
  };
}
