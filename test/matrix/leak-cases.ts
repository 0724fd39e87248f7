/**
 * The leak matrix: every command of both faces, on success and on each failure path. Each action case
 * runs with debug logging off and on; each CLI case outside and inside GitHub Actions.
 */
import type { FakeGitHub } from '../fakes/github-server.ts';
import type { FakeZenml } from '../fakes/zenml-server.ts';

export interface LeakWorld {
  readonly zenml: FakeZenml;
  readonly github: FakeGitHub;
  /** The seeded key `ci-deployer/github-actions`. */
  readonly key: string;
}

export interface ActionLeakCase {
  readonly name: string;
  readonly ok: boolean;
  /** Inputs on top of the admin's (or the key's, with `asKey`). */
  readonly inputs: Record<string, string>;
  /** Authenticate with the seeded key instead of the admin's username and password. */
  readonly asKey?: boolean;
  /** Faults to inject before the run. */
  readonly arrange?: (world: LeakWorld) => void;
  /** Run the post step too (with the state the main step saved). */
  readonly post?: boolean;
}

const ACCOUNT = { 'service-account': 'ci-deployer' };

export const ACTION_LEAK_CASES: readonly ActionLeakCase[] = [
  { name: 'connect: success', ok: true, inputs: { command: 'connect' }, asKey: true },
  { name: 'connect: the key is rejected (inactive)', ok: false, inputs: { command: 'connect' }, asKey: true, arrange: (w) => void w.zenml.failNth({ n: 1, status: 401, method: 'POST', path: /login$/, body: { detail: ['AuthorizationException', 'Authentication error: API key is not active'] } }) },
  { name: 'create: success (output-api-key)', ok: true, inputs: { command: 'create', ...ACCOUNT, 'api-key-name': 'new-key', 'output-api-key': 'true' } },
  { name: 'create: storing fails after the key was made', ok: false, inputs: { command: 'create', ...ACCOUNT, 'api-key-name': 'new-key' }, arrange: (w) => w.github.fail({ method: 'PUT', fault: { kind: 'integration-forbidden' } }) },
  { name: 'create: the create answer is lost', ok: false, inputs: { command: 'create', ...ACCOUNT, 'api-key-name': 'new-key' }, arrange: (w) => w.zenml.loseResponse({ method: 'POST', path: /api_keys$/ }) },
  { name: 'create: the key already exists', ok: false, inputs: { command: 'create', ...ACCOUNT } },
  { name: 'rotate: success (retain 60, output-api-key)', ok: true, inputs: { command: 'rotate', ...ACCOUNT, 'retain-minutes': '60', 'output-api-key': 'true' } },
  { name: 'rotate: self-service with the key itself', ok: true, inputs: { command: 'rotate' }, asKey: true },
  { name: 'rotate: wrong admin password', ok: false, inputs: { command: 'rotate', ...ACCOUNT, password: 'wrong-password-also-secret' } },
  { name: 'rotate: token cannot write secrets (preflight)', ok: false, inputs: { command: 'rotate', ...ACCOUNT }, arrange: (w) => w.github.fail({ method: 'GET', path: /public-key$/, fault: { kind: 'integration-forbidden' } }) },
  { name: 'rotate: storing fails after the rotation', ok: false, inputs: { command: 'rotate', ...ACCOUNT, 'export-env': 'false' }, arrange: (w) => w.github.fail({ method: 'PUT', fault: { kind: 'integration-forbidden' } }) },
  { name: 'rotate: the new key fails its check', ok: false, inputs: { command: 'rotate', ...ACCOUNT, 'retain-minutes': '5' }, arrange: (w) => w.zenml.failNth({ n: 2, status: 401, method: 'POST', path: /login$/, body: { detail: ['AuthorizationException', 'Authentication error: could not verify key value'] } }) },
  { name: 'rotate: the rotate answer is lost', ok: false, inputs: { command: 'rotate', ...ACCOUNT, 'retain-minutes': '15' }, arrange: (w) => w.zenml.loseResponse({ method: 'PUT', path: /rotate$/ }) },
  { name: 'ephemeral: success, then the post step deletes it', ok: true, inputs: { command: 'ephemeral', ...ACCOUNT, 'output-api-key': 'true' }, post: true },
  { name: 'ephemeral: the new key fails its check', ok: false, inputs: { command: 'ephemeral', ...ACCOUNT }, arrange: (w) => w.zenml.failNth({ n: 2, status: 401, method: 'POST', path: /login$/ }) },
  { name: 'activate: success', ok: true, inputs: { command: 'activate', ...ACCOUNT, 'api-key-name': 'github-actions' } },
  { name: 'activate: no such account', ok: false, inputs: { command: 'activate', 'service-account': 'nobody' } },
  { name: 'deactivate: success', ok: true, inputs: { command: 'deactivate', ...ACCOUNT, 'api-key-name': 'github-actions' } },
  { name: 'deactivate: no such key', ok: false, inputs: { command: 'deactivate', ...ACCOUNT, 'api-key-name': 'nope' } },
  { name: 'delete: success', ok: true, inputs: { command: 'delete', ...ACCOUNT, 'api-key-name': 'github-actions' } },
  { name: 'delete: no such key', ok: false, inputs: { command: 'delete', ...ACCOUNT, 'api-key-name': 'nope' } },
  { name: 'describe: success', ok: true, inputs: { command: 'describe', ...ACCOUNT } },
  { name: 'describe: no such account', ok: false, inputs: { command: 'describe', 'service-account': 'nobody' } },
  { name: 'audit: success', ok: true, inputs: { command: 'audit' } },
  { name: 'audit: with the key, deactivating unused keys', ok: true, inputs: { command: 'audit', 'deactivate-unused': 'true', 'unused-days': '1' }, asKey: true },
  { name: 'audit: fail-on', ok: false, inputs: { command: 'audit', 'fail-on': 'no-keys' }, arrange: (w) => void w.zenml.seedServiceAccount('bare') },
  {
    name: 'audit: a key list keeps failing',
    ok: false,
    inputs: { command: 'audit' },
    arrange: (w) => {
      for (let n = 1; n <= 4; n++) w.zenml.failNth({ n, status: 500, method: 'GET', path: /\/api_keys$/ });
    },
  },
];

export const DEBUG_MODES = ['debug off', 'debug on'] as const;

export interface CliLeakCase {
  readonly name: string;
  readonly ok: boolean;
  readonly args: readonly string[];
  /** stdout is meant to carry the new key (create, rotate), the bearer token (token) or export lines (login). */
  readonly prints?: 'new key' | 'token' | 'login';
  readonly arrange?: (world: { zenml: FakeZenml; github: FakeGitHub }) => void;
  readonly env?: Record<string, string | undefined>;
}

const ROTATE = ['service-account', 'api-key', 'ci', 'rotate', 'default'];

export const CLI_LEAK_CASES: readonly CliLeakCase[] = [
  { name: 'login: success', ok: true, args: ['login'], prints: 'login' },
  { name: 'login: the key is rejected', ok: false, args: ['login'], arrange: (w) => void w.zenml.failNth({ n: 1, status: 401, method: 'POST', path: /login$/ }) },
  { name: 'token: success', ok: true, args: ['token'], prints: 'token' },
  { name: 'token: wrong password', ok: false, args: ['token', '--username', 'default', '--password', 'wrong-password-also-secret'] },
  { name: 'service-account create: success', ok: true, args: ['service-account', 'create', 'fresh'], prints: 'new key' },
  { name: 'service-account list: success', ok: true, args: ['service-account', 'list'] },
  { name: 'service-account describe: no such account', ok: false, args: ['service-account', 'describe', 'nobody'] },
  { name: 'api-key create: success with --secret-name', ok: true, args: ['service-account', 'api-key', 'ci', 'create', 'extra', '--secret-name', 'K', '--repository', 'acme/app'], prints: 'new key' },
  { name: 'api-key rotate: success with --secret-name', ok: true, args: [...ROTATE, '--retain', '10', '--secret-name', 'K', '--repository', 'acme/app'], prints: 'new key' },
  { name: 'api-key rotate: storing fails after the rotation', ok: false, args: [...ROTATE, '--retain', '10', '--secret-name', 'K', '--repository', 'acme/app'], prints: 'new key', arrange: (w) => w.github.fail({ method: 'PUT', fault: { kind: 'integration-forbidden' } }) },
  { name: 'api-key rotate: the rotate answer is lost', ok: false, args: [...ROTATE, '--retain', '10'], arrange: (w) => w.zenml.loseResponse({ method: 'PUT', path: /rotate$/ }) },
  { name: 'api-key describe: success', ok: true, args: ['service-account', 'api-key', 'ci', 'describe', 'default', '--json'] },
  { name: 'api-key update: deactivate', ok: true, args: ['service-account', 'api-key', 'ci', 'update', 'default', '--active', 'false'] },
  { name: 'audit: success (--json)', ok: true, args: ['audit', '--json'] },
  { name: 'audit: --deactivate-unused --apply', ok: true, args: ['audit', '--deactivate-unused', '--apply', '--unused-days', '1'] },
  {
    name: 'audit: a key list keeps failing',
    ok: false,
    args: ['audit'],
    arrange: (w) => {
      for (let n = 1; n <= 4; n++) w.zenml.failNth({ n, status: 500, method: 'GET', path: /\/api_keys$/ });
    },
  },
];

export const CLI_MODES = ['outside Actions', 'inside Actions with RUNNER_DEBUG'] as const;

/** The case names of the leak matrix, as the doc lists them. */
export function leakCaseNames(): string[] {
  return [
    ...ACTION_LEAK_CASES.flatMap((c) => DEBUG_MODES.map((mode) => `action ${c.name} (${mode})`)),
    ...CLI_LEAK_CASES.flatMap((c) => CLI_MODES.map((mode) => `cli ${c.name} (${mode})`)),
  ];
}
