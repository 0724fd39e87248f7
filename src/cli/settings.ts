import { InputError } from '../core/errors.js';
import { normalizeBaseUrl, parseSecretTargets, validateSecretName, type SecretTarget } from '../github/index.js';
import { decodeApiKey } from '../zenml/api-key.js';
import { parseServerUrl } from '../zenml/server-url.js';
import type { Credentials } from '../zenml/session.js';
import { parseVerifySsl, type TlsOptions } from '../zenml/tls.js';
import { UsageError, type OptionValues } from './argv.js';

/** Where and how to reach the ZenML server, validated. */
export interface Connection {
  readonly url: string;
  readonly credentials: Credentials;
  readonly tls: TlsOptions;
  readonly timeoutMs: number;
}

/** Where to store a secret and with which token, validated. */
export interface SecretDestination {
  readonly secretName: string;
  readonly targets: readonly SecretTarget[];
  readonly token: string;
  /** `$GITHUB_TOKEN` or `$GH_TOKEN`, for messages. */
  readonly tokenName: string;
  readonly apiUrl: string;
}

/** The server URL: `--url` (or login's argument), else `ZENML_STORE_URL`; http:// only to loopback unless allowed. */
export function readServerUrl(values: OptionValues, env: NodeJS.ProcessEnv, argument?: string): string {
  const flag = argument ?? values.url;
  const raw = flag ?? env['ZENML_STORE_URL'] ?? '';
  if (raw.trim() === '') throw new UsageError('no ZenML server URL: give --url URL or set ZENML_STORE_URL');
  return parseServerUrl(raw, { input: flag === undefined ? 'ZENML_STORE_URL' : argument === undefined ? '--url' : 'URL', allowInsecureHttp: values['allow-insecure-http'] === true });
}

/** TLS and timeout from `ZENML_STORE_VERIFY_SSL` and `ZENML_STORE_HTTP_TIMEOUT`, as the ZenML client reads them. */
export function readTransport(env: NodeJS.ProcessEnv): { tls: TlsOptions; timeoutMs: number } {
  const rawTimeout = env['ZENML_STORE_HTTP_TIMEOUT']?.trim() || '30';
  const seconds = Number(rawTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InputError('ZENML_STORE_HTTP_TIMEOUT', `'${rawTimeout}' is not a positive number of seconds`);
  }
  return { tls: parseVerifySsl(env['ZENML_STORE_VERIFY_SSL']), timeoutMs: seconds * 1000 };
}

/**
 * The management credentials. Flags win over variables: a credential flag makes the environment's
 * username be ignored; username/password win over an API key.
 */
export function readCredentials(values: OptionValues, env: NodeJS.ProcessEnv): Credentials {
  const flagGiven = values['api-key'] !== undefined || values.username !== undefined;
  const username = nonEmpty(values.username) ?? (flagGiven ? undefined : nonEmpty(env['ZENML_STORE_USERNAME']));
  const password = values.password ?? env['ZENML_STORE_PASSWORD'] ?? '';
  const apiKey = nonEmpty(values['api-key']) ?? nonEmpty(env['ZENML_STORE_API_KEY']);
  if (username) return { kind: 'password', username, password };
  if (values.password !== undefined) throw new UsageError('--password needs --username (or ZENML_STORE_USERNAME)');
  if (apiKey) {
    decodeApiKey(apiKey, values['api-key'] !== undefined ? '--api-key' : 'ZENML_STORE_API_KEY');
    return { kind: 'api-key', apiKey };
  }
  throw new UsageError('no ZenML credentials: give --api-key KEY or --username/--password, or set ZENML_STORE_API_KEY (or ZENML_STORE_USERNAME and ZENML_STORE_PASSWORD)');
}

/** URL, credentials, TLS and timeout for the management commands. */
export function readConnection(values: OptionValues, env: NodeJS.ProcessEnv): Connection {
  return { url: readServerUrl(values, env), credentials: readCredentials(values, env), ...readTransport(env) };
}

/**
 * The GitHub token (`GITHUB_TOKEN`, else `GH_TOKEN`), the variable it came from (for messages), and the API
 * URL (`--github-api-url`, else `GITHUB_API_URL`).
 */
export function readGitHub(values: OptionValues, env: NodeJS.ProcessEnv, purpose: string): { token: string; tokenName: string; apiUrl: string } {
  const tokenName = nonEmpty(env['GITHUB_TOKEN']) ? '$GITHUB_TOKEN' : '$GH_TOKEN';
  const token = nonEmpty(env['GITHUB_TOKEN']) ?? nonEmpty(env['GH_TOKEN']);
  if (!token) {
    throw new UsageError(`no GitHub token to ${purpose}: set GITHUB_TOKEN (or GH_TOKEN) to a fine-grained PAT or GitHub App token with Secrets: write`);
  }
  return { token, tokenName, apiUrl: normalizeBaseUrl(values['github-api-url'] || env['GITHUB_API_URL'] || 'https://api.github.com', { allowInsecureHttp: values['allow-insecure-http'] === true }) };
}

/** The secret targets from `--repository` (default `GITHUB_REPOSITORY`), `--environment`, `--organization`, …. */
export function readTargets(values: OptionValues, env: NodeJS.ProcessEnv): SecretTarget[] {
  return parseSecretTargets({
    repository: values.repository ?? env['GITHUB_REPOSITORY'],
    environment: values.environment,
    organization: values.organization,
    visibility: values.visibility,
    selectedRepositories: values['selected-repositories'],
  });
}

/** `--secret-name` with its targets and token, or undefined when no secret is to be stored. */
export function readSecretDestination(values: OptionValues, env: NodeJS.ProcessEnv): SecretDestination | undefined {
  if (values['secret-name'] === undefined) {
    const stray = (['repository', 'environment', 'organization', 'visibility', 'selected-repositories', 'github-api-url'] as const).find((o) => values[o] !== undefined);
    if (stray) throw new UsageError(`--${stray} says where to store the new key: give --secret-name NAME as well`);
    return undefined;
  }
  const secretName = validateSecretName(values['secret-name']);
  const targets = readTargets(values, env);
  return { secretName, targets, ...readGitHub(values, env, `store ${secretName}`) };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
