/**
 * The bad-input matrix: action inputs and CLI flags that must fail before any request. This is the one
 * table of the action's bad inputs; the CLI's adds to test/cli/usage.test.ts.
 */

const KEY = 'ZENKEY_eyJpZCI6ICJlMTA3ZDhlOS0yZDk5LTQ1YjItYWFlMy02Y2IxODA0MTk4NjAiLCAia2V5IjogIjQxNTUwNzhkMjFkMmVlYThlMzM0MzRlMDVhMzMxYjMyY2M0MTE3ODE2YjlhYmEzYTAzZGNiNDMwMzY2Y2IxYTcifQ==';

export interface ActionInputCase {
  readonly name: string;
  readonly inputs: Record<string, string>;
  readonly env?: Record<string, string>;
  /** A part of the one `::error::` line. */
  readonly expected: string;
}

export const ACTION_INPUT_CASES: readonly ActionInputCase[] = [
  { name: 'unknown command', inputs: { command: 'explode' }, expected: "command: 'explode' is not a command" },
  { name: 'empty server URL', inputs: { 'server-url': '' }, expected: 'server-url: no ZenML server URL given' },
  { name: 'malformed URL', inputs: { 'server-url': 'zenml dot com' }, expected: "server-url: 'zenml dot com' is not a URL" },
  { name: 'ftp URL', inputs: { 'server-url': 'ftp://zenml.example.com' }, expected: "server-url: 'ftp:' is not supported" },
  { name: 'insecure remote http', inputs: { 'server-url': 'http://zenml.example.com' }, expected: 'server-url: refusing plain http://' },
  { name: 'negative retention', inputs: { command: 'rotate', 'retain-minutes': '-5' }, expected: "retain-minutes: '-5' is not a whole number" },
  { name: 'fractional retention', inputs: { command: 'rotate', 'retain-minutes': '1.5' }, expected: "retain-minutes: '1.5' is not a whole number" },
  { name: 'huge retention', inputs: { command: 'rotate', 'retain-minutes': '99999999' }, expected: 'retain-minutes: 99999999 is out of range' },
  { name: 'bad secret name', inputs: { command: 'rotate', 'secret-name': 'MY-KEY' }, expected: 'secret-name' },
  { name: 'GITHUB_ prefix', inputs: { command: 'rotate', 'secret-name': 'github_key' }, expected: 'secret-name' },
  { name: 'secret name starting with a digit', inputs: { command: 'create', 'secret-name': '1KEY' }, expected: 'secret-name' },
  { name: 'malformed repository', inputs: { command: 'rotate', repository: 'acme' }, expected: 'repository' },
  { name: 'visibility without organization', inputs: { command: 'rotate', visibility: 'all' }, expected: 'visibility' },
  { name: 'unknown visibility', inputs: { command: 'rotate', organization: 'acme', visibility: 'public' }, expected: "visibility: 'public' is not one of all, private, selected" },
  { name: 'selected without repositories', inputs: { command: 'rotate', organization: 'acme', visibility: 'selected' }, expected: 'selected-repositories: is required' },
  { name: 'no github token to store with', inputs: { command: 'rotate', 'github-token': '' }, expected: 'github-token: is required to store ZENML_STORE_API_KEY' },
  { name: 'neither credential', inputs: { command: 'rotate', username: '', password: '' }, expected: "api-key: 'rotate' needs credentials" },
  { name: 'connect without a key', inputs: { command: 'connect', username: '', password: '' }, expected: "api-key: is required for 'connect'" },
  { name: 'connect with a user', inputs: { command: 'connect', 'api-key': KEY }, expected: "username: is not used by 'connect'" },
  { name: 'malformed ZENKEY_', inputs: { command: 'connect', username: '', password: '', 'api-key': 'ZENKEY_not*base64' }, expected: 'api-key: not a ZenML API key' },
  { name: 'key without prefix', inputs: { command: 'connect', username: '', password: '', 'api-key': 'sk-123' }, expected: 'api-key: not a ZenML API key: it must start with ZENKEY_' },
  { name: 'password without username', inputs: { command: 'rotate', username: '' }, expected: 'username: is empty but password is given' },
  { name: 'bad boolean', inputs: { command: 'rotate', verify: 'yes' }, expected: "verify: 'yes' is not a boolean" },
  { name: 'activate itself', inputs: { command: 'activate', username: '', password: '', 'api-key': KEY, 'service-account': '' }, expected: 'api-key: cannot activate itself' },
  { name: 'key name without account', inputs: { command: 'deactivate', 'service-account': '', 'api-key-name': 'ci' }, expected: "service-account: is empty: api-key-name 'ci' needs its service account" },
  { name: 'negative max age', inputs: { command: 'connect', username: '', password: '', 'api-key': KEY, 'max-key-age-days': '-1' }, expected: 'max-key-age-days' },
  { name: 'audit: negative max age', inputs: { command: 'audit', 'max-key-age-days': '-1' }, expected: "max-key-age-days: '-1' is not a whole number of days" },
  { name: 'audit: unknown rule in fail-on', inputs: { command: 'audit', 'fail-on': 'stale, stael' }, expected: "fail-on: 'stael' is not an audit rule; expected none, or rules out of stale, unused, inactive-leftover, no-keys, retention-open" },
  { name: 'audit: unknown rule in ignore-rules', inputs: { command: 'audit', 'ignore-rules': 'old' }, expected: "ignore-rules: 'old' is not an audit rule" },
  { name: 'audit: unused-days 0', inputs: { command: 'audit', 'unused-days': '0' }, expected: 'unused-days: 0 is out of range; expected 1 to 36500' },
  { name: 'audit: fail-on a switched-off rule', inputs: { command: 'audit', 'fail-on': 'no-keys', 'ignore-rules': 'no-keys' }, expected: "fail-on: 'no-keys' is also in ignore-rules" },
  { name: 'audit: deactivate-unused with unused switched off', inputs: { command: 'audit', 'deactivate-unused': 'true', 'ignore-rules': 'unused' }, expected: 'deactivate-unused: deactivates the keys found' },
  { name: 'audit: bad boolean for deactivate-unused', inputs: { command: 'audit', 'deactivate-unused': 'yes' }, expected: "deactivate-unused: 'yes' is not a boolean" },
  { name: 'name over 255 characters', inputs: { command: 'create', 'service-account': 'a'.repeat(256) }, expected: 'service-account: is longer than 255 characters' },
  { name: 'environment with two repositories', inputs: { command: 'rotate', repository: 'acme/app,acme/lib', environment: 'prod' }, expected: 'repository: must name exactly one repository with environment' },
  { name: 'bad GitHub API URL', inputs: { command: 'rotate', 'github-api-url': 'not a url' }, expected: 'github-api-url' },
  { name: 'CA bundle that does not exist', inputs: { command: 'describe' }, env: { ZENML_STORE_VERIFY_SSL: '/nope/ca.pem' }, expected: 'ZENML_STORE_VERIFY_SSL' },
];

export interface CliFlagCase {
  readonly name: string;
  readonly args: readonly string[];
  /** Changes to the environment that points the CLI at the fakes; undefined removes a variable. */
  readonly env?: Record<string, string | undefined>;
  readonly expected: RegExp;
}

const ROTATE = ['service-account', 'api-key', 'ci', 'rotate', 'default'];

export const CLI_FLAG_CASES: readonly CliFlagCase[] = [
  { name: 'unknown command', args: ['bogus'], expected: /unknown command 'bogus'/ },
  { name: 'unknown subcommand', args: ['service-account', 'frobnicate'], expected: /unknown command 'frobnicate'/ },
  { name: 'missing SA', args: ['service-account', 'api-key'], expected: /missing argument SA/ },
  { name: 'unknown option', args: ['service-account', 'list', '--frob'], expected: /unknown option '--frob'/ },
  { name: 'option of another command', args: ['service-account', 'list', '--retain', '5'], expected: /'--retain' does not apply/ },
  { name: 'missing argument', args: ['service-account', 'describe'], expected: /missing argument NAME/ },
  { name: 'extra argument', args: ['service-account', 'describe', 'a', 'b'], expected: /unexpected argument 'b'/ },
  { name: 'bad boolean', args: ['service-account', 'update', 'ci', '--active', 'maybe'], expected: /'maybe' is not a boolean/ },
  { name: 'negative --retain', args: [...ROTATE, '--retain', '-5'], expected: /--retain/ },
  { name: 'fractional --retain', args: [...ROTATE, '--retain', '1.5'], expected: /--retain/ },
  { name: 'non-numeric --retain', args: [...ROTATE, '--retain', 'soon'], expected: /--retain: 'soon'/ },
  { name: 'no URL', args: ['service-account', 'list'], env: { ZENML_STORE_URL: undefined }, expected: /no ZenML server URL/ },
  { name: 'no credentials', args: ['service-account', 'list'], env: { ZENML_STORE_API_KEY: undefined }, expected: /no ZenML credentials/ },
  { name: 'malformed key in ZENML_STORE_API_KEY', args: ['service-account', 'list'], env: { ZENML_STORE_API_KEY: 'not-a-key' }, expected: /not a ZenML API key/ },
  { name: 'malformed --api-key', args: ['token', '--api-key', 'ZENKEY_not*base64'], expected: /not a ZenML API key/ },
  { name: 'plain http to a remote host', args: ['service-account', 'list', '--url', 'http://zenml.example.com'], expected: /refusing plain http/ },
  { name: 'ftp --url', args: ['service-account', 'list', '--url', 'ftp://zenml.example.com'], expected: /ftp/ },
  { name: 'CA bundle that does not exist', args: ['token'], env: { ZENML_STORE_VERIFY_SSL: '/no/such/ca.pem' }, expected: /ZENML_STORE_VERIFY_SSL/ },
  { name: 'bad timeout', args: ['token'], env: { ZENML_STORE_HTTP_TIMEOUT: 'soon' }, expected: /ZENML_STORE_HTTP_TIMEOUT/ },
  { name: 'password without user', args: ['token', '--password', 'pw'], expected: /--password needs --username/ },
  { name: 'login without key', args: ['login'], env: { ZENML_STORE_API_KEY: undefined }, expected: /no API key/ },
  { name: 'target without secret name', args: [...ROTATE, '--repository', 'acme/app'], expected: /--secret-name/ },
  { name: 'GITHUB_ secret name', args: [...ROTATE, '--secret-name', 'GITHUB_X', '--repository', 'acme/app'], expected: /GITHUB_/ },
  { name: 'secret name with a dash', args: [...ROTATE, '--secret-name', 'MY-KEY', '--repository', 'acme/app'], expected: /secret-name|MY-KEY/ },
  { name: 'malformed --repository', args: [...ROTATE, '--secret-name', 'K', '--repository', 'nope'], expected: /owner\/repo/ },
  { name: 'no GitHub token', args: [...ROTATE, '--secret-name', 'K', '--repository', 'acme/app'], env: { GITHUB_TOKEN: undefined }, expected: /GITHUB_TOKEN/ },
  { name: 'unknown --visibility', args: [...ROTATE, '--secret-name', 'K', '--organization', 'acme', '--visibility', 'public'], expected: /visibility/ },
  { name: 'environment with two repositories', args: [...ROTATE, '--secret-name', 'K', '--repository', 'acme/app,acme/lib', '--environment', 'prod'], expected: /repository|environment/ },
  { name: 'audit: negative --max-key-age-days', args: ['audit', '--max-key-age-days=-1'], expected: /--max-key-age-days: -1 is out of range; expected 0 to 36500 days/ },
  { name: 'audit: --max-key-age-days -1 (a value that looks like an option)', args: ['audit', '--max-key-age-days', '-1'], expected: /--max-key-age-days/ },
  { name: 'audit: unknown rule in --fail-on', args: ['audit', '--fail-on', 'stale,stael'], expected: /--fail-on: 'stael' is not an audit rule; expected none, or rules out of stale, unused/ },
  { name: 'audit: unknown rule in --ignore-rules', args: ['audit', '--ignore-rules', 'old'], expected: /--ignore-rules: 'old' is not an audit rule/ },
  { name: 'audit: --unused-days 0', args: ['audit', '--unused-days', '0'], expected: /--unused-days: 0 is out of range; expected 1 to 36500 days/ },
  { name: 'audit: --apply without --deactivate-unused', args: ['audit', '--apply'], expected: /--apply acts on --deactivate-unused/ },
  { name: 'audit: --fail-on a rule that --ignore-rules switches off', args: ['audit', '--fail-on', 'stale', '--ignore-rules', 'stale'], expected: /--fail-on: 'stale' is also in --ignore-rules/ },
];
