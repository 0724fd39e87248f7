import type { OptionName } from './argv.js';
import type { CommandSpec } from './context.js';
import { COMMANDS, usageLine } from './registry.js';

const SHARED: Partial<Record<OptionName, readonly [string, string]>> = {
  url: ['--url URL', 'ZenML server (default $ZENML_STORE_URL); http:// only to localhost/127.x/::1'],
  'api-key': ['--api-key KEY', "a service account's API key (default $ZENML_STORE_API_KEY)"],
  username: ['--username NAME', 'log in as this user instead (default $ZENML_STORE_USERNAME)'],
  password: ['--password PASSWORD', "that user's password (default $ZENML_STORE_PASSWORD)"],
  'allow-insecure-http': ['--allow-insecure-http', 'permit http:// to a host that is not loopback'],
  'secret-name': ['--secret-name NAME', 'also store the new key as this GitHub Actions secret (token: $GITHUB_TOKEN or $GH_TOKEN)'],
  repository: ['--repository OWNER/REPO[,…]', 'repositories to store it in (default $GITHUB_REPOSITORY)'],
  environment: ['--environment ENV', "store it as that deployment environment's secret (one repository)"],
  organization: ['--organization ORG', 'store it as an organization secret instead'],
  visibility: ['--visibility all|private|selected', 'organization secret visibility (default: an existing secret keeps its own, a new one is private)'],
  'selected-repositories': ['--selected-repositories A,B', 'with --visibility selected: repositories that may read it'],
  'github-api-url': ['--github-api-url URL', 'GitHub Enterprise Server API (default $GITHUB_API_URL or https://api.github.com)'],
  json: ['--json', "print JSON with ZenML's field names instead of a table"],
  'set-key': ['--set-key', 'print export lines for ZENML_STORE_URL/ZENML_STORE_API_KEY instead of the key (in GitHub Actions: $GITHUB_ENV)'],
  'output-file': ['--output-file PATH', 'write the key to PATH (mode 0600) instead of stdout'],
};

function columns(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}\n`).join('');
}

/** The help of one command: usage, what it does, its options, examples. */
export function commandHelp(spec: CommandSpec): string {
  const own = spec.optionHelp ?? [];
  const covered = (option: string) => own.some(([label]) => label.split(/[ ,]+/).includes(`--${option}`));
  const shared = spec.options.flatMap((option) => {
    const entry = SHARED[option];
    return entry && !covered(option) ? [entry] : [];
  });
  const options = [...own, ...shared, ['-h, --help', 'show this help'] as const];
  return (
    `Usage: ${usageLine(spec)} [OPTIONS]\n\n${spec.summary}\n\nOptions:\n${columns(options)}\n` +
    `Examples:\n${spec.examples.map((e) => `  ${e}\n`).join('')}`
  );
}

/** The commands of a group, or of all, one line each. */
export function commandList(specs: readonly CommandSpec[] = COMMANDS): string {
  return `Commands:\n${columns(specs.map((spec) => [usageLine(spec), spec.summary]))}`;
}

/** The help of a group of commands (`service-account`, `service-account api-key SA`): usage and its commands. */
export function groupHelp(words: readonly string[], specs: readonly CommandSpec[]): string {
  return (
    `Usage: ${['zenml-sa', ...words].join(' ')} COMMAND [ARGS] [OPTIONS]\n\n${commandList(specs)}\n` +
    `Run '${['zenml-sa', ...words].join(' ')} COMMAND --help' for a command's options.\n`
  );
}

/** The top-level help: what the tool is, its commands, connection, exit codes. */
export function topHelp(): string {
  return (
    'zenml-sa: manage ZenML service accounts and their API keys, and store keys as encrypted GitHub secrets.\n' +
    "Each command of ZenML's own CLI for service accounts works with `zenml` replaced by `zenml-sa`.\n\n" +
    'Usage: zenml-sa COMMAND [ARGS] [OPTIONS]\n\n' +
    commandList() +
    '\nConnection (flags win over variables; username/password win over an API key):\n' +
    columns([
      ['--url, $ZENML_STORE_URL', 'the ZenML server'],
      ['--api-key, $ZENML_STORE_API_KEY', "a service account's API key"],
      ['--username/--password', '$ZENML_STORE_USERNAME/$ZENML_STORE_PASSWORD: a user instead'],
      ['$ZENML_STORE_VERIFY_SSL', 'true, false, a CA bundle path or PEM text'],
      ['$ZENML_STORE_HTTP_TIMEOUT', 'seconds per request (default 30)'],
      ['$GITHUB_TOKEN or $GH_TOKEN', 'a token with Secrets: write, for --secret-name and secret set'],
    ]) +
    '\nExit codes: 0 success; 1 failure (server refused, not found, unreachable) or a deletion declined at the prompt;\n' +
    '2 usage or configuration error.\n\n' +
    'Examples:\n' +
    '  zenml-sa service-account create ci-deployer\n' +
    '  eval "$(zenml-sa login https://zenml.example.com --api-key)"\n' +
    '  zenml-sa service-account api-key ci-deployer rotate default --retain 60 --secret-name ZENML_STORE_API_KEY --repository acme/app\n' +
    "\nRun 'zenml-sa COMMAND --help' for a command's options, 'zenml-sa --version' for the version.\n"
  );
}
