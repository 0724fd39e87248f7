import type { Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';
import { ZenmlClient } from '../zenml/client.js';
import type { OptionName, OptionValues } from './argv.js';
import type { CliIo } from './io.js';
import type { Connection } from './settings.js';

/** The exit code of a deletion declined at the prompt: nothing failed, but nothing was done (click's Abort). */
export const EXIT_DECLINED = 1;

/** What a running command can use: the streams, the output mode, and the redactor every message passes. */
export interface Context {
  readonly io: CliIo;
  readonly env: NodeJS.ProcessEnv;
  /** `--json`: stdout carries one JSON value. */
  readonly json: boolean;
  readonly redactor: Redactor;
  /** The core's progress: warnings reach stderr, the rest is dropped. */
  readonly logger: Logger;
  /** Tells the person something on stderr, with every known secret hidden. */
  say(message: string): void;
}

/** What a command is given: its named arguments and the option values, already parsed. */
export interface CommandInput {
  /** The command's name, e.g. `service-account api-key rotate` (for messages and help). */
  readonly command: string;
  /** Named arguments: `NAME`, `SA`, `KEY`, `URL`. */
  readonly args: Readonly<Record<string, string>>;
  readonly values: OptionValues;
  readonly env: NodeJS.ProcessEnv;
  /** `--api-key` came without a value. */
  readonly apiKeyPrompt: boolean;
}

/** The work a command does once its input was validated; resolves to the exit code. */
export type Work = (ctx: Context) => Promise<number>;

/** One command of the CLI: what it is called, what it accepts, and how it validates and runs. */
export interface CommandSpec {
  /** Words and argument names, e.g. `['service-account', 'api-key', 'SA', 'rotate']`; upper case = an argument. */
  readonly pattern: readonly string[];
  /** Arguments after the pattern; a trailing `?` marks an optional one. */
  readonly args: readonly string[];
  readonly options: readonly OptionName[];
  readonly summary: string;
  /** Option descriptions for help, besides the shared ones. */
  readonly optionHelp?: readonly (readonly [string, string])[];
  readonly examples: readonly string[];
  /**
   * Validates the input completely, without any request or any reading of stdin, and returns the work.
   * Everything thrown here is a usage or configuration error (exit code 2).
   */
  prepare(input: CommandInput): Work;
}

/** Runs `fn` with a ZenML client for the connection, and closes the client afterwards. */
export async function withZenml<T>(ctx: Context, connection: Connection, fn: (zenml: ZenmlClient) => Promise<T>): Promise<T> {
  const zenml = new ZenmlClient({ ...connection, logger: ctx.logger, redactor: ctx.redactor });
  try {
    return await fn(zenml);
  } finally {
    await zenml.close();
  }
}
