import { connect } from '../../commands/connect.js';
import { ACTION_NAMES, type CommandDeps } from '../../commands/types.js';
import { InputError } from '../../core/errors.js';
import { decodeApiKey } from '../../zenml/api-key.js';
import { UsageError } from '../argv.js';
import { withZenml, type CommandSpec, type Context } from '../context.js';
import { exportToJob, inGitHubActions, maskInJob } from '../job.js';
import { jsonText, shellQuote } from '../output.js';
import { readConnection, readServerUrl, readTransport } from '../settings.js';
import { CONNECTION } from './service-accounts.js';

const login: CommandSpec = {
  pattern: ['login'],
  args: ['URL?'],
  options: ['url', 'api-key', 'allow-insecure-http', 'github-env'],
  summary: 'Log in with an API key (so a bad key fails here), then hand it on: export lines for eval, or $GITHUB_ENV.',
  optionHelp: [
    ['--api-key [KEY]', 'the key; without a value it is asked for (terminal) or read from stdin; default $ZENML_STORE_API_KEY'],
    ['--github-env', 'append the variables to $GITHUB_ENV instead of printing them (the default inside GitHub Actions)'],
  ],
  examples: [
    'eval "$(zenml-sa login https://zenml.example.com --api-key)"',
    'printf %s "$KEY" | zenml-sa login https://zenml.example.com --api-key',
    'zenml-sa login https://zenml.example.com --api-key "$ZENML_KEY" --github-env',
  ],
  prepare({ command, args, values, env, apiKeyPrompt }) {
    const url = readServerUrl(values, env, args['URL']);
    const transport = readTransport(env);
    const given = values['api-key'] ?? (apiKeyPrompt ? undefined : env['ZENML_STORE_API_KEY']);
    const keySource = values['api-key'] !== undefined ? '--api-key' : apiKeyPrompt ? 'the API key' : 'ZENML_STORE_API_KEY';
    if (!apiKeyPrompt && !given?.trim()) throw new UsageError('no API key: give --api-key [KEY] or set ZENML_STORE_API_KEY', command);
    const source = given === undefined ? 'the API key' : values['api-key'] === undefined ? 'ZENML_STORE_API_KEY' : '--api-key';
    const githubEnv = env['GITHUB_ENV'];
    if (values['github-env'] && !githubEnv) throw new UsageError('--github-env: GITHUB_ENV is not set (it names the file a GitHub Actions step exports through)', command);
    const exportTo = values['github-env'] || inGitHubActions(env) ? githubEnv : undefined;

    return async (ctx) => {
      const apiKey = given?.trim() ?? (await readKey(ctx, command));
      ctx.redactor.add(apiKey);
      rejectMalformed(apiKey, source);
      if (exportTo || inGitHubActions(ctx.env)) maskInJob(apiKey);
      await withZenml(ctx, { url, credentials: { kind: 'api-key', apiKey }, ...transport }, async (zenml) => {
        const deps: CommandDeps = { zenml, secrets: undefined, logger: ctx.logger, onSecret: () => {}, now: () => new Date(), randomHex: () => '' };
        const result = await connect(
          {
            command: 'connect',
            apiKey,
            userCredentials: false,
            serviceAccount: undefined,
            apiKeyName: undefined,
            description: undefined,
            retainMinutes: 0,
            secretName: undefined,
            targets: [],
            verify: true,
            maxKeyAgeDays: 0,
            run: { id: 'local', attempt: '1' },
            names: { ...ACTION_NAMES, apiKey: keySource },
          },
          deps,
        );
        ctx.say(`Logged in to ${url}: ${result.done}.`);
      });
      const variables = { ZENML_STORE_URL: url, ZENML_STORE_API_KEY: apiKey };
      if (exportTo) {
        exportToJob(variables);
        ctx.say('Exported ZENML_STORE_URL and ZENML_STORE_API_KEY to the following steps ($GITHUB_ENV).');
      } else {
        ctx.io.out(Object.entries(variables).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join(''));
      }
      return 0;
    };
  },
};

/** `zenml connect --url URL --api-key KEY`, the form of older ZenML docs: the same as `login`. */
const connectCommand: CommandSpec = {
  ...login,
  pattern: ['connect'],
  args: [],
  summary: "The older ZenML form of 'login': log in with the API key, then hand it on the same way.",
  examples: ['eval "$(zenml-sa connect --url https://zenml.example.com --api-key "$ZENML_KEY")"'],
};

/**
 * Checking a key is what login is for: a key that is not even shaped like one is a rejected key (exit 1, before
 * any request), not a mistake in the command line.
 */
function rejectMalformed(apiKey: string, source: string): void {
  try {
    decodeApiKey(apiKey, source);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new Error(`invalid API key: ${error.message}`);
  }
}

/** The key for a bare `--api-key`: asked without echo on a terminal, else the first line of stdin. */
async function readKey(ctx: Context, command: string): Promise<string> {
  const text = ctx.io.interactive ? await ctx.io.askSecret('ZenML API key: ') : await ctx.io.readStdin();
  const key = (text.split(/\r?\n/)[0] ?? '').trim();
  if (key === '') throw new UsageError(`no API key: ${ctx.io.interactive ? 'none was entered' : 'stdin was empty'}`, command);
  return key;
}

const token: CommandSpec = {
  pattern: ['token'],
  args: [],
  options: CONNECTION,
  summary: 'Log in and print a bearer token for the ZenML API, and nothing else.',
  optionHelp: [['--json', 'print {"access_token", "token_type", "expires_at"} instead of the token alone']],
  examples: [
    'curl -H "Authorization: Bearer $(zenml-sa token)" "$ZENML_STORE_URL/api/v1/current-user"',
    'zenml-sa token --username admin --password "$PW" --json',
  ],
  prepare({ values, env }) {
    const connection = readConnection(values, env);
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const issued = Date.now();
        const t = await zenml.token();
        const expiresAt = t.expiresIn === null ? null : new Date(issued + t.expiresIn * 1000).toISOString();
        ctx.io.out(ctx.json ? jsonText({ access_token: t.accessToken, token_type: t.tokenType, expires_at: expiresAt }) : `${t.accessToken}\n`);
        return 0;
      });
  },
};

/** `login`, `connect` and `token`. */
export const authCommands: readonly CommandSpec[] = [login, connectCommand, token];
