import { ZenmlError } from '../zenml/errors.js';
import { checkServer, resolveTarget, type Target } from './common.js';
import type { CommandDeps, CommandResult, CommandSettings } from './types.js';

/** `activate` / `deactivate`: the key when one is named (or held), else the service account. */
export async function setActive(settings: CommandSettings, deps: CommandDeps, active: boolean): Promise<CommandResult> {
  const { zenml } = deps;
  const [info, target] = await Promise.all([checkServer(deps), resolveTargetExplained(settings, deps)]);
  const verb = active ? 'activated' : 'deactivated';
  const command = active ? 'activate' : 'deactivate';
  if (target.key === undefined) {
    const account = await zenml.updateServiceAccount(target.knownAccount?.id ?? target.account, { active });
    return base(command, info.version, { account: { id: account.id, name: account.name } }, `${verb} service account '${account.name}'${active ? '' : ': none of its keys log in until it is activated again'}`);
  }
  const key = await zenml.updateApiKey(target.knownAccount?.id ?? target.account, target.key, { active });
  const subject = { account: { id: key.serviceAccount.id, name: key.serviceAccount.name }, key: { id: key.id, name: key.name } };
  return base(command, info.version, subject, `${verb} API key '${key.name}' of service account '${key.serviceAccount.name}'`);
}

/** `delete`: the key when one is named (or held), else the service account with all its keys. */
export async function remove(settings: CommandSettings, deps: CommandDeps): Promise<CommandResult> {
  const { zenml } = deps;
  const [info, target] = await Promise.all([checkServer(deps), resolveTargetExplained(settings, deps)]);
  if (target.key === undefined) {
    const account = await zenml.getServiceAccount(target.knownAccount?.id ?? target.account);
    try {
      await zenml.deleteServiceAccount(account.id);
    } catch (error) {
      if (error instanceof ZenmlError && error.status === 403 && /owns|other resources/i.test(error.detail)) {
        throw new Error(`${error.message}; deactivate it instead (command: deactivate)`, { cause: error });
      }
      throw error;
    }
    return base('delete', info.version, { account: { id: account.id, name: account.name } }, `deleted service account '${account.name}' and its API keys`);
  }
  const key = await zenml.getApiKey(target.knownAccount?.id ?? target.account, target.key);
  await zenml.deleteApiKey(key.serviceAccount.id, key.id);
  const subject = { account: { id: key.serviceAccount.id, name: key.serviceAccount.name }, key: { id: key.id, name: key.name } };
  return base('delete', info.version, subject, `deleted API key '${key.name}' of service account '${key.serviceAccount.name}'`);
}

/** `describe`: the account and all its keys (never a key value). */
export async function describe(settings: CommandSettings, deps: CommandDeps): Promise<CommandResult> {
  const { zenml } = deps;
  const [info, target] = await Promise.all([checkServer(deps), resolveTargetExplained(settings, deps)]);
  const account = await zenml.getServiceAccount(target.knownAccount?.id ?? target.account);
  const keys = await zenml.listApiKeys(account.id);
  const key = target.key === undefined ? undefined : keys.find((k) => k.id === target.key || k.name === target.key);
  if (target.key !== undefined && !key) {
    const has = keys.length > 0 ? `Its keys: ${keys.map((k) => `'${k.name}'`).join(', ')}.` : 'It has no API keys.';
    throw new Error(`service account '${account.name}' has no API key '${target.key}'. ${has}`);
  }
  const subject = { account: { id: account.id, name: account.name }, ...(key ? { key: { id: key.id, name: key.name } } : {}) };
  const state = account.active ? 'active' : 'inactive';
  return { ...base('describe', info.version, subject, `described service account '${account.name}' (${state}, ${keys.length} API key${keys.length === 1 ? '' : 's'})`), keys, accountActive: account.active };
}

function base(command: CommandResult['command'], serverVersion: string, subject: Pick<CommandResult, 'account' | 'key'>, done: string): CommandResult {
  return { command, serverVersion, ...subject, done, newKey: false, secretsUpdated: [], warnings: [] };
}

/** Like resolveTarget, but says what to do when the held key cannot log in because it is inactive. */
async function resolveTargetExplained(settings: CommandSettings, deps: CommandDeps): Promise<Target> {
  try {
    return await resolveTarget(deps, settings, undefined);
  } catch (error) {
    if (error instanceof ZenmlError && error.status === 401 && /not active/.test(error.detail)) {
      throw new Error(`${error.message}; an inactive key cannot log in to name itself: give service-account (and api-key-name) with other credentials`, { cause: error });
    }
    throw error;
  }
}
