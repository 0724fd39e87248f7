import type { PreparedTarget, SecretUpdate } from '../github/index.js';
import { SecretTargetsError } from '../github/index.js';
import { decodeApiKey } from '../zenml/api-key.js';
import { MissingApiKeyError } from '../zenml/errors.js';
import type { ZenmlClient } from '../zenml/client.js';
import type { CurrentUser, ServerInfo, ServiceAccount } from '../zenml/models.js';
import { ACTION_NAMES, type CommandDeps, type CommandSettings } from './types.js';

/** Reads `/api/v1/info` (and logs in meanwhile); refuses servers whose auth scheme cannot work with service-account keys. */
export async function checkServer(deps: Pick<CommandDeps, 'zenml' | 'logger'>): Promise<ServerInfo> {
  // Every command logs in next: start it now, one round trip earlier. The info check's error wins,
  // because it says more ("not a ZenML server") than a failed login would.
  const login = deps.zenml.token();
  login.catch(() => undefined);
  const info = await deps.zenml.info();
  // Before the login's outcome: on a fresh server the login fails too, for want of any user, and says less.
  if (!info.active) {
    throw new Error(`the ZenML server at ${deps.zenml.url} is not activated yet: activate it (create its admin user) first`);
  }
  await login;
  if (info.authScheme === 'HTTP_BASIC') {
    throw new Error(`the ZenML server at ${deps.zenml.url} uses HTTP_BASIC authentication, which does not accept service-account API keys`);
  }
  if (info.authScheme === 'EXTERNAL') {
    deps.logger.warning(
      'this is a ZenML Pro workspace (auth scheme EXTERNAL): workspace-level service accounts are turned off there; manage organization service accounts in ZenML Pro instead',
    );
  }
  return info;
}

/** The service account an API key belongs to, by logging in with it. */
export async function accountOfApiKey(deps: CommandDeps, settings: CommandSettings): Promise<CurrentUser> {
  const apiKey = settings.apiKey;
  if (!apiKey) throw new Error('internal: no api-key to look the account up with');
  // When the key authenticates the management calls, its session is the one to ask: one login per run.
  const user = settings.userCredentials ? await deps.zenml.verifyApiKey(apiKey) : await deps.zenml.currentUser();
  if (!user.isServiceAccount) throw new Error(`${(settings.names ?? ACTION_NAMES).apiKey}: the key belongs to '${user.name}', which is not a service account`);
  return user;
}

/** Which account and key a command acts on, per PRODUCT.md's rules. */
export interface Target {
  /** Name or id of the account, as given or learned from the key. */
  readonly account: string;
  /** Known already (self-service learns it from current-user). */
  readonly knownAccount?: { readonly id: string; readonly name: string };
  /** Name or id of the key, or undefined: the command acts on the account itself. */
  readonly key: string | undefined;
  readonly selfService: boolean;
}

/**
 * The key `create` and `rotate` act on when `api-key-name` is empty and no key names itself. It is not
 * ZenML's `default` on purpose: that key belongs to whoever ran `zenml service-account create`, and a
 * rotation made for GitHub Actions must never end a key someone else holds.
 */
export const DEFAULT_KEY_NAME = 'github-actions';

/** Applies the rules: `api-key-name` when given; else the key `api-key` is; else DEFAULT_KEY_NAME (create, rotate). */
export async function resolveTarget(deps: CommandDeps, settings: CommandSettings, defaultKey: string | undefined): Promise<Target> {
  const { serviceAccount, apiKeyName, apiKey } = settings;
  if (serviceAccount) return { account: serviceAccount, key: apiKeyName ?? defaultKey, selfService: false };
  if (!apiKey) throw new Error('internal: neither service-account nor api-key');
  const user = await accountOfApiKey(deps, settings);
  const knownAccount = { id: user.id, name: user.name };
  deps.zenml.knowAccount(knownAccount);
  if (apiKeyName) return { account: user.id, knownAccount, key: apiKeyName, selfService: false };
  if (defaultKey !== undefined && settings.command === 'create') {
    // Creating "the key you hold" cannot work: create names a new key in the holder's account.
    return { account: user.id, knownAccount, key: defaultKey, selfService: false };
  }
  return { account: user.id, knownAccount, key: decodeApiKey(apiKey).keyId, selfService: true };
}

/** The account, read from the server unless self-service already knows it. */
export async function loadAccount(zenml: ZenmlClient, target: Target): Promise<ServiceAccount> {
  return zenml.getServiceAccount(target.knownAccount?.id ?? target.account);
}

/** The GitHub preflight: every target's public key, fetched before anything irreversible. */
export async function preflight(deps: CommandDeps, settings: CommandSettings): Promise<PreparedTarget[] | undefined> {
  if (!settings.secretName || !deps.secrets) return undefined;
  // Loading the GitHub client and libsodium holds the main thread for some tens of ms: let the first ZenML
  // requests, started in the same tick, reach the wire before that.
  await new Promise((resolve) => setImmediate(resolve));
  return deps.secrets.prepare(settings.targets, settings.secretName);
}

/** Stores a new key in every prepared target; the outcome per target, or a SecretTargetsError. */
export async function storeKey(deps: CommandDeps, settings: CommandSettings, prepared: PreparedTarget[] | undefined, key: string): Promise<SecretUpdate[]> {
  if (!settings.secretName || !deps.secrets || !prepared) return [];
  return deps.secrets.store(prepared, settings.secretName, key, deps.progress ? (update) => deps.progress?.stored(update) : undefined);
}

/** What the targets hold after a failed store: written ones, and the labels of the others. */
export function storeOutcome(error: unknown, prepared: PreparedTarget[] | undefined): { written: SecretUpdate[]; notWritten: string[] } {
  if (error instanceof SecretTargetsError) {
    return { written: [...error.written], notWritten: error.failed.map((f) => f.target) };
  }
  return { written: [], notWritten: (prepared ?? []).map((p) => p.label) };
}

/** Checks that a new key logs in, as the expected account, with the expected key record. */
export async function verifyNewKey(deps: CommandDeps, key: string, account: { id: string; name: string }, keyId: string, adopt = false): Promise<void> {
  if (decodeApiKey(key, 'the new key').keyId !== keyId) {
    throw new Error(`the new key names another key record than '${keyId}'`);
  }
  const login = await deps.zenml.loginWithApiKey(key, { adopt });
  if (login.accountId !== account.id) {
    throw new Error(`the new key logs in as account ${login.accountId}, not as service account '${account.name}' (${account.id})`);
  }
  if (login.apiKeyId !== undefined && login.apiKeyId !== keyId) {
    throw new Error(`the server logged the new key in as key record ${login.apiKeyId}, not '${keyId}'`);
  }
}

/**
 * Adds to a missing-key error what to do when the key name was not given but taken by default: the user
 * may not know that the action looked for DEFAULT_KEY_NAME.
 */
export function explainDefaultKey(error: unknown, settings: CommandSettings, target: Target): unknown {
  if (!(error instanceof MissingApiKeyError) || settings.apiKeyName || target.selfService || target.key !== DEFAULT_KEY_NAME) return error;
  const suggestion = error.keyNames.length === 1 ? `api-key-name: ${error.keyNames[0]}` : 'api-key-name to the key to act on';
  const made = error.keyNames.includes('default') ? " ('zenml service-account create' names its key 'default')" : '';
  return new Error(
    `${error.message} With api-key-name empty, '${settings.command}' acts on the key '${DEFAULT_KEY_NAME}'. Set ${suggestion}${made}, or run 'create' to make '${DEFAULT_KEY_NAME}'.`,
    { cause: error },
  );
}
