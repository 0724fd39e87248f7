import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** A wrong command line or configuration, found before any request: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command whose help explains the fix, e.g. `service-account list`; empty for the top level. */
  readonly command: string;

  constructor(message: string, command = '') {
    super(message);
    this.command = command;
  }
}

/** Every option the CLI knows; each command allows a subset (see registry.ts). */
export const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  url: { type: 'string' },
  'api-key': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
  'github-env': { type: 'boolean' },
  description: { type: 'string', short: 'd' },
  name: { type: 'string', short: 'n' },
  active: { type: 'string' },
  'create-api-key': { type: 'string' },
  retain: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'secret-name': { type: 'string' },
  repository: { type: 'string' },
  environment: { type: 'string' },
  organization: { type: 'string' },
  visibility: { type: 'string' },
  'selected-repositories': { type: 'string' },
  'github-api-url': { type: 'string' },
  'max-key-age-days': { type: 'string' },
  'unused-days': { type: 'string' },
  'fail-on': { type: 'string' },
  'ignore-rules': { type: 'string' },
  'deactivate-unused': { type: 'boolean' },
  apply: { type: 'boolean' },
  'set-key': { type: 'boolean' },
  // ZenML 0.58's spelling of --set-key on `service-account create`.
  'set-api-key': { type: 'boolean' },
  'output-file': { type: 'string' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsOptionsConfig;

export type OptionName = keyof typeof OPTIONS;
export type OptionValues = { readonly [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

/** The command line, split into words, option values, and the options the user actually typed. */
export interface CommandLine {
  readonly words: readonly string[];
  readonly values: OptionValues;
  /** Option names as typed (`--api-key`, `-y`), keyed by option name, for messages. */
  readonly given: ReadonlyMap<OptionName, string>;
  /** `--api-key` was given without a value: ask for the key (terminal) or read it from stdin. */
  readonly apiKeyPrompt: boolean;
}

/** The values that follow `--api-key`/`--password` on a command line: secrets to hide in every message. */
export function secretsInArgv(argv: readonly string[]): string[] {
  const found: string[] = [];
  argv.forEach((arg, i) => {
    const next = argv[i + 1];
    if ((arg === '--api-key' || arg === '--password') && next !== undefined) found.push(next);
    const inline = /^--(?:api-key|password)=(.*)$/s.exec(arg);
    if (inline?.[1]) found.push(inline[1]);
  });
  return found;
}

/** True when `--help`/`-h` appears before any `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** The positional words, found leniently (for `--help` on a command line that may be otherwise wrong). */
export function lenientWords(argv: readonly string[]): string[] {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false }).positionals;
  } catch {
    return argv.filter((arg) => !arg.startsWith('-'));
  }
}

/** Parses the command line with `util.parseArgs`; unknown options and missing values are UsageErrors. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { args, apiKeyPrompt } = extractBareApiKey(joinNegativeValues(argv));
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const given = new Map<OptionName, string>();
  for (const token of parsed.tokens) if (token.kind === 'option') given.set(token.name as OptionName, token.rawName);
  if (apiKeyPrompt) given.set('api-key', '--api-key');
  return { words: parsed.positionals, values: parsed.values as OptionValues, given, apiKeyPrompt };
}

/**
 * `--api-key` may come without a value (as in `zenml login URL --api-key`): at the end, before another
 * option, or before a URL (a key never starts with `http`). parseArgs has no optional values, so such an
 * `--api-key` is taken out here and remembered.
 */
function extractBareApiKey(argv: readonly string[]): { args: string[]; apiKeyPrompt: boolean } {
  const args: string[] = [];
  let apiKeyPrompt = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (arg === '--api-key' && (next === undefined || next.startsWith('-') || /^https?:\/\//i.test(next))) {
      apiKeyPrompt = true;
      continue;
    }
    args.push(arg);
  }
  return { args, apiKeyPrompt };
}

/**
 * `--retain -5`: parseArgs takes `-5` for an option and reports a missing value. A value option followed by
 * a negative number is joined into `--retain=-5`, so that the option's own check says what is wrong.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = /^--([a-z-]+)$/.exec(arg)?.[1];
    const next = argv[i + 1];
    if (name && name in OPTIONS && OPTIONS[name as OptionName].type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${option}'${option === '-v' ? " (the version is 'zenml-sa --version')" : ''}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return `option '${option}' takes no value`;
    return `option '${option}' needs a value (to give one that starts with '-', write ${option}=VALUE)`;
  }
  return message.split('\n')[0] ?? message;
}

const TRUE = ['true', 'yes', 'y', '1', 'on'];
const FALSE = ['false', 'no', 'n', '0', 'off'];

/** Parses a boolean option value as ZenML's CLI (click) does: true/false, yes/no, 1/0, on/off. */
export function parseBool(raw: string, option: string, command: string): boolean {
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new UsageError(`${option}: '${raw}' is not a boolean; expected true or false (also yes/no, 1/0, on/off)`, command);
}

/** Parses a whole number option in a range; `unit` names what it counts (`minutes`). */
export function parseWholeNumber(raw: string, option: string, command: string, max: number, unit: string): number {
  const value = raw.trim();
  if (!/^[-+]?\d+$/.test(value)) throw new UsageError(`${option}: '${raw}' is not a whole number of ${unit} (0 to ${max})`, command);
  const n = Number(value);
  if (n < 0 || n > max) throw new UsageError(`${option}: ${value} is out of range; expected 0 to ${max} ${unit}`, command);
  return n;
}
