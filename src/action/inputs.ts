import { InputError } from '../core/errors.js';
import { readAuditInputs } from './audit-inputs.js';
import { ACTION_NAMES, COMMANDS, type CommandName, type CommandSettings } from '../commands/types.js';
import { normalizeBaseUrl, parseSecretTargets, validateSecretName, type SecretTarget } from '../github/index.js';
import { decodeApiKey } from '../zenml/api-key.js';
import { parseServerUrl } from '../zenml/server-url.js';
import { parseVerifySsl, type TlsOptions } from '../zenml/tls.js';
import type { Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';
import { ZenmlClient } from '../zenml/client.js';
import type { Credentials } from '../zenml/session.js';
import { pathSegment } from '../core/path-segment.js';

/** Everything the action was asked to do, validated before any request. */
export interface ActionSettings extends CommandSettings {
  readonly serverUrl: string;
  readonly management: Credentials;
  readonly tls: TlsOptions;
  readonly timeoutMs: number;
  readonly github: { readonly token: string; readonly apiUrl: string } | undefined;
  readonly exportEnv: boolean;
  readonly outputApiKey: boolean;
}

/** The ZenML client the settings describe: main and post step build it the same way. */
export function zenmlClientFor(settings: ActionSettings, logger: Logger, redactor: Redactor): ZenmlClient {
  return new ZenmlClient({ url: settings.serverUrl, credentials: settings.management, tls: settings.tls, timeoutMs: settings.timeoutMs, logger, redactor });
}

/**
 * Names the management credentials without their secret: `api-key <key id>` or `user <name>`. The main step saves
 * it for the post step, which must delete an ephemeral key with the same credentials, never with the key itself.
 */
export function credentialsLabel(credentials: Credentials): string {
  if (credentials.kind === 'password') return `user ${credentials.username}`;
  try {
    return `api-key ${decodeApiKey(credentials.apiKey).keyId}`;
  } catch {
    return 'api-key (unreadable)';
  }
}

/** Reads one raw input (@actions/core's `getInput`, or a map in tests). */
export type InputReader = (name: string) => string;

const STORING: readonly CommandName[] = ['create', 'rotate'];
const MAX_NAME = 255;
const MAX_RETAIN_MINUTES = 525_600; // a year: a longer "rotation" keeps the old key alive too long to mean anything

/** Turns the action's inputs (and the runner's environment) into one settings object, or an InputError. */
export function readSettings(input: InputReader, env: NodeJS.ProcessEnv): ActionSettings {
  const text = (name: string) => input(name).trim();
  const command = text('command') || 'connect';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new InputError('command', `'${command}' is not a command; expected one of ${COMMANDS.join(', ')}`);
  }
  const cmd = command as CommandName;
  const allowInsecureHttp = bool(input, 'allow-insecure-http', false);
  const serverUrl = parseServerUrl(text('server-url') || (env['ZENML_STORE_URL'] ?? ''), { input: 'server-url', allowInsecureHttp });

  const apiKey = text('api-key') || env['ZENML_STORE_API_KEY']?.trim() || undefined;
  // Messages name where the key came from: the input, or the variable an earlier step exported.
  const apiKeySource = text('api-key') ? 'api-key' : 'ZENML_STORE_API_KEY';
  const username = text('username') || undefined;
  const password = input('password');
  if (apiKey) decodeApiKey(apiKey, apiKeySource);
  if (!username && password !== '') throw new InputError('username', 'is empty but password is given: give both, or use api-key');
  const serviceAccount = name(input, 'service-account');
  const apiKeyName = name(input, 'api-key-name');
  checkCredentials(cmd, { apiKey, username, serviceAccount, apiKeyName });
  if (cmd === 'ephemeral' && !username && !text('api-key')) {
    // The post step deletes the key with the main step's credentials; the exported key replaces ZENML_STORE_API_KEY.
    throw new InputError(
      'api-key',
      "is empty: 'ephemeral' needs its management credentials as inputs (api-key, or username and password). ZENML_STORE_API_KEY alone does not do, because the ephemeral key replaces it for the rest of the job and the post step could not delete the key",
    );
  }
  const management: Credentials = username ? { kind: 'password', username, password } : { kind: 'api-key', apiKey: apiKey ?? '' };

  const description = input('description').trim() || undefined;
  if (description && description.length > 65_535) throw new InputError('description', 'is longer than 65,535 characters');
  const retainMinutes = integer(input, 'retain-minutes', 0, MAX_RETAIN_MINUTES);
  const maxKeyAgeDays = integer(input, 'max-key-age-days', 0, 36_500);
  const audit = cmd === 'audit' ? { audit: readAuditInputs(input, maxKeyAgeDays) } : {};

  const stores = STORING.includes(cmd);
  const rawSecretName = stores ? text('secret-name') : '';
  const secretName = rawSecretName === '' ? undefined : validateSecretName(rawSecretName);
  let targets: SecretTarget[] = [];
  let github: ActionSettings['github'];
  if (secretName) {
    targets = parseSecretTargets({
      repository: text('repository') || env['GITHUB_REPOSITORY'],
      environment: text('environment'),
      organization: text('organization'),
      visibility: text('visibility'),
      selectedRepositories: input('selected-repositories'),
    });
    const token = text('github-token');
    if (!token) {
      throw new InputError(
        'github-token',
        `is required to store ${secretName}: pass a fine-grained PAT or GitHub App token with Secrets: write (the workflow's GITHUB_TOKEN cannot write secrets), or set secret-name to '' to store nothing`,
      );
    }
    github = { token, apiUrl: normalizeBaseUrl(text('github-api-url') || env['GITHUB_API_URL'] || 'https://api.github.com', { allowInsecureHttp }) };
  }

  const timeoutSeconds = Number(env['ZENML_STORE_HTTP_TIMEOUT'] || 30);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new InputError('ZENML_STORE_HTTP_TIMEOUT', `'${env['ZENML_STORE_HTTP_TIMEOUT']}' is not a positive number of seconds`);
  }
  return {
    command: cmd,
    serverUrl,
    management,
    apiKey,
    userCredentials: username !== undefined,
    serviceAccount,
    apiKeyName,
    description,
    retainMinutes,
    secretName,
    targets,
    github,
    verify: bool(input, 'verify', true),
    maxKeyAgeDays,
    exportEnv: bool(input, 'export-env', true),
    outputApiKey: bool(input, 'output-api-key', false),
    tls: parseVerifySsl(env['ZENML_STORE_VERIFY_SSL']),
    timeoutMs: timeoutSeconds * 1000,
    run: { id: env['GITHUB_RUN_ID'] || 'local', attempt: env['GITHUB_RUN_ATTEMPT'] || '1' },
    names: { ...ACTION_NAMES, apiKey: apiKeySource },
    ...audit,
  };
}

interface Who {
  readonly apiKey: string | undefined;
  readonly username: string | undefined;
  readonly serviceAccount: string | undefined;
  readonly apiKeyName: string | undefined;
}

/** The cross-field rules of PRODUCT.md: which credentials and names each command needs. */
function checkCredentials(command: CommandName, who: Who): void {
  if (command === 'connect') {
    if (!who.apiKey) throw new InputError('api-key', "is required for 'connect' (or set ZENML_STORE_API_KEY): it is the key to verify and export");
    if (who.username) throw new InputError('username', "is not used by 'connect', which verifies api-key: remove username and password");
    return;
  }
  if (!who.apiKey && !who.username) {
    throw new InputError('api-key', `'${command}' needs credentials: give api-key (a service account's key) or username and password`);
  }
  // The audit reads the whole server: it names no account.
  if (command === 'audit') return;
  if (!who.serviceAccount && !who.apiKey) {
    const what = who.apiKeyName ? `api-key-name '${who.apiKeyName}' needs its service account` : `'${command}' needs a service account`;
    throw new InputError('service-account', `is empty: ${what} (or an api-key to take it from)`);
  }
  if (command === 'activate' && !who.username && !who.serviceAccount) {
    throw new InputError('api-key', "cannot activate itself (an inactive key cannot log in): give service-account and api-key-name with other credentials (username/password or another account's key)");
  }
}

function name(input: InputReader, key: string): string | undefined {
  const value = input(key).trim();
  if (value === '') return undefined;
  if (value.length > MAX_NAME) throw new InputError(key, `is longer than ${MAX_NAME} characters`);
  return pathSegment(value, key);
}

/** Booleans parse strictly, as @actions/core does: true/True/TRUE or false/False/FALSE. */
function bool(input: InputReader, key: string, fallback: boolean): boolean {
  const value = input(key).trim();
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(key, `'${value}' is not a boolean; expected true or false`);
}

function integer(input: InputReader, key: string, min: number, max: number): number {
  const value = input(key).trim();
  if (value === '') return 0;
  if (!/^\d+$/.test(value)) throw new InputError(key, `'${value}' is not a whole number of ${key.endsWith('days') ? 'days' : 'minutes'} (${min} to ${max})`);
  const n = Number(value);
  if (n < min || n > max) throw new InputError(key, `${value} is out of range; expected ${min} to ${max}`);
  return n;
}
