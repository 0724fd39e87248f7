import { explainFailure } from '../commands/explain.js';
import { errorMessage, InputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { neutralise } from '../core/log-text.js';
import { Redactor } from '../core/redact.js';
import { lenientWords, parseCommandLine, secretsInArgv, UsageError, wantsHelp, type OptionName } from './argv.js';
import type { Context, Work } from './context.js';
import { commandHelp, groupHelp, topHelp } from './help.js';
import { processIo, type CliIo } from './io.js';
import { commandName, resolve } from './registry.js';
import { packageVersion } from './version.js';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const SECRET_VARIABLES = ['ZENML_STORE_API_KEY', 'ZENML_STORE_PASSWORD', 'GITHUB_TOKEN', 'GH_TOKEN'];

/** Runs the `zenml-sa` command line and resolves to its exit code; never throws. */
export async function run(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo()): Promise<number> {
  const redactor = new Redactor();
  for (const secret of [...secretsInArgv(argv), ...SECRET_VARIABLES.map((name) => io.env[name]?.trim())]) {
    if (secret) redactor.add(secret);
  }
  // Every message for the person goes through here: secrets hidden, one line, unable to start a workflow command.
  const say = (message: string) => io.err(`${neutralise(oneLine(redactor.redact(message)))}\n`);
  const fail = (message: string, code: number, command?: string) => {
    say(`zenml-sa: error: ${message}${command === undefined ? '' : ` (see 'zenml-sa ${command ? `${command} ` : ''}--help')`}`);
    return code;
  };

  let work: Work;
  let json = false;
  try {
    if (argv.length === 0) {
      io.out(topHelp());
      return EXIT_OK;
    }
    if (argv[0] === '--version' || (argv[0] === 'version' && argv.length === 1)) {
      io.out(`zenml-sa, version ${packageVersion()}\n`);
      return EXIT_OK;
    }
    if (wantsHelp(argv) || argv[0] === 'help') {
      const words = lenientWords(argv);
      io.out(helpFor(words[0] === 'help' ? words.slice(1) : words));
      return EXIT_OK;
    }
    const line = parseWithHelpPointer(argv);
    const resolution = resolve(line.words);
    if (resolution.kind === 'group') {
      const next = [...new Set(resolution.specs.map((s) => s.pattern[resolution.words.length] as string))];
      throw new UsageError(`missing ${next.every((w) => /^[A-Z]/.test(w)) ? `argument ${next.join(', ')}` : `command; expected ${next.join(', ')}`}`, resolution.words.join(' '));
    }
    const { spec, args } = resolution;
    const command = commandName(spec);
    for (const [option, typed] of line.given) {
      if (!spec.options.includes(option) && option !== 'help') throw new UsageError(`option '${typed}' does not apply to '${command}'`, command);
    }
    if (line.apiKeyPrompt && command !== 'login' && command !== 'connect') throw new UsageError("--api-key needs a value (only 'login' and 'connect' ask for the key)", command);
    json = line.values.json === true;
    try {
      work = spec.prepare({ command, args, values: line.values, env: io.env, apiKeyPrompt: line.apiKeyPrompt });
    } catch (error) {
      throw error instanceof InputError ? new UsageError(inCliTerms(error, line.given, io.env), command) : error;
    }
  } catch (error) {
    // Nothing was sent yet: whatever went wrong is in the command line or the configuration.
    return fail(errorMessage(error), EXIT_USAGE, error instanceof UsageError ? error.command : undefined);
  }

  const logger: Logger = { debug() {}, info() {}, warning: (message) => say(`zenml-sa: warning: ${message}`) };
  const ctx: Context = { io, env: io.env, json, redactor, logger, say };
  try {
    return await work(ctx);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message, EXIT_USAGE, error.command);
    return fail(explainFailure(error), EXIT_FAILURE);
  }
}

// Where a value the shared validation names by the action's input name comes from in the CLI when no flag gave it.
const VARIABLES: Readonly<Record<string, string>> = { repository: 'GITHUB_REPOSITORY', 'github-api-url': 'GITHUB_API_URL', 'server-url': 'ZENML_STORE_URL' };

/** An input error of the shared validation, with the input named as the CLI user gave it (a flag or a variable). */
function inCliTerms(error: InputError, given: ReadonlyMap<OptionName, string>, env: NodeJS.ProcessEnv): string {
  const input = error.input;
  if (!/^[a-z][a-z-]*$/.test(input)) return error.message; // already a flag (--url) or a variable
  const variable = VARIABLES[input];
  const name = !given.has(input as OptionName) && variable && env[variable]?.trim() ? variable : `--${input}`;
  return `${name}${error.message.slice(input.length)}`;
}

/** Parses the command line; an error in it points to the help of the command it was meant for. */
function parseWithHelpPointer(argv: readonly string[]) {
  try {
    return parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError) || error.command !== '') throw error;
    let command = '';
    try {
      const meant = resolve(lenientWords(argv), { forHelp: true });
      command = meant.kind === 'command' ? commandName(meant.spec) : meant.words.join(' ');
    } catch {
      // The words name no command either: the top-level help is the one to read.
    }
    throw new UsageError(error.message, command);
  }
}

function helpFor(words: readonly string[]): string {
  if (words.length === 0) return topHelp();
  const resolution = resolve(words, { forHelp: true });
  return resolution.kind === 'command' ? commandHelp(resolution.spec) : groupHelp(resolution.words, resolution.specs);
}

/** One line, with any ZenML key hidden even if it was never registered (e.g. typed where a name belongs). */
function oneLine(text: string): string {
  return text.replace(/ZENKEY_[A-Za-z0-9+/=]+/g, '***').replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
