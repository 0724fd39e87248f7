import type { Logger } from '../core/logger.js';
import type { GitHubSecrets, SecretTarget, SecretUpdate } from '../github/index.js';
import type { ZenmlClient } from '../zenml/client.js';
import type { ApiKey } from '../zenml/models.js';
import type { AuditOptions, AuditReport } from './audit/index.js';

export const COMMANDS = ['connect', 'create', 'rotate', 'ephemeral', 'activate', 'deactivate', 'delete', 'describe', 'audit'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** How the user gave the values that messages name: the action's inputs, or the CLI's flags, arguments and variables. */
export interface ValueNames {
  /** Where the API key came from: `api-key`, `ZENML_STORE_API_KEY`, `--api-key`. */
  readonly apiKey: string;
  /** What names the key to act on: `api-key-name`, or the CLI's `KEY` argument. */
  readonly apiKeyName: string;
  /** How to give an existing key a new value: `command 'rotate'`. */
  readonly rotate: string;
  /** The retention's name: `retain-minutes`, `--retain` (default the action's). */
  readonly retain?: string;
}

/** The action's names, the default. */
export const ACTION_NAMES: ValueNames = { apiKey: 'api-key', apiKeyName: 'api-key-name', rotate: "command 'rotate'" };

/** What a command acts on and how, already validated; the action and the CLI build it from their inputs. */
export interface CommandSettings {
  readonly command: CommandName;
  /** The `api-key` input: the key to connect with, or (self-service) the key that names the target. */
  readonly apiKey: string | undefined;
  /** True when `username`/`password` authenticate the management calls instead of `api-key`. */
  readonly userCredentials: boolean;
  readonly serviceAccount: string | undefined;
  readonly apiKeyName: string | undefined;
  readonly description: string | undefined;
  readonly retainMinutes: number;
  /** Upper-case secret name, or undefined: store nothing. */
  readonly secretName: string | undefined;
  readonly targets: readonly SecretTarget[];
  readonly verify: boolean;
  readonly maxKeyAgeDays: number;
  /** For `ephemeral` key names: the workflow run id and attempt. */
  readonly run: { readonly id: string; readonly attempt: string };
  /** How messages name the values (default: the action's input names). */
  readonly names?: ValueNames | undefined;
  /** For `audit`: its rules, limits and enforcement. */
  readonly audit?: AuditOptions;
}

/** What the commands need from outside: the two remotes, a logger, and the masking hook. */
export interface CommandDeps {
  readonly zenml: ZenmlClient;
  /** Present when a command must write secrets (a secret name and targets were given). */
  readonly secrets: GitHubSecrets | undefined;
  readonly logger: Logger;
  /** Called the moment a new key exists, before anything else happens: the action masks it here. */
  readonly onSecret: (value: string) => void;
  /**
   * Called the moment a key made by this run exists on the server, before it is verified or stored (also when its
   * value was lost): the action's post step must know an ephemeral key from then on, to delete it whatever follows.
   */
  readonly onKeyCreated?: (made: Required<Subject>) => void;
  /** Told where a key-making command stands, so that a face can say what the server and targets hold at any moment. */
  readonly progress?: Progress;
  readonly now: () => Date;
  readonly randomHex: (length: number) => string;
}

/** The steps of create, rotate and ephemeral that a cancelled run must be able to report. */
export interface Progress {
  /**
   * Called right before the request that cannot be taken back (the rotation, the key creation): it throws when the
   * run must stop, so that nothing is changed after that decision. `targets` are the labels the key goes to.
   */
  irreversible(what: { readonly verb: 'rotate' | 'create'; readonly subject: Subject; readonly targets: readonly string[]; readonly lastRotatedBefore?: string | null }): void;
  /** After a rotation: when it happened and until when the previous key works (undefined: it no longer does). */
  rotated(rotatedAt: string, previousKeyValidUntil: string | undefined): void;
  /** A target now holds the new key. */
  stored(update: SecretUpdate): void;
}

/** The account and key a command acted on, as outputs and summaries show them. */
export interface Subject {
  readonly account: { readonly id: string; readonly name: string };
  readonly key?: { readonly id: string; readonly name: string };
}

/** What a command did; the faces turn it into exports, outputs, summaries or tables. Never printed whole. */
export interface CommandResult extends Partial<Subject> {
  readonly command: CommandName;
  readonly serverVersion: string;
  /** One sentence for the log and the summary: what was done. */
  readonly done: string;
  /** The key later steps should use (connect: the given key; create, rotate, ephemeral: the new one). */
  readonly keyToExport?: string;
  /** True when `keyToExport` was made by this run (and exists nowhere else until stored). */
  readonly newKey: boolean;
  readonly rotatedAt?: string;
  readonly previousKeyValidUntil?: string;
  readonly secretsUpdated: readonly SecretUpdate[];
  readonly warnings: readonly string[];
  /** `describe`: the account's keys. */
  readonly keys?: readonly ApiKey[];
  readonly accountActive?: boolean;
  /** `audit`: the whole report. */
  readonly audit?: AuditReport;
}

/** The state left behind by a failure after the point of no return, for the message and the summary. */
export interface FailureState {
  /** A key made by this run that must not be lost: the faces export it even on failure. */
  readonly newKey?: string;
  readonly subject?: Subject;
  readonly rotatedAt?: string;
  readonly previousKeyValidUntil?: string;
  readonly written: readonly SecretUpdate[];
  readonly notWritten: readonly string[];
}

/** A command failed; `state` says what the server and the secret targets hold now. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  readonly state: FailureState;

  constructor(message: string, state: FailureState, options?: { cause?: unknown }) {
    super(message, options);
    this.state = state;
  }
}
