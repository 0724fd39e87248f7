import { UsageError } from './argv.js';
import { apiKeyCommands } from './commands/api-keys.js';
import { auditCommands } from './commands/audit.js';
import { authCommands } from './commands/auth.js';
import { secretCommands } from './commands/secret.js';
import { serviceAccountCommands } from './commands/service-accounts.js';
import type { CommandSpec } from './context.js';
import { isDotSegment } from '../core/path-segment.js';

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandSpec[] = [...authCommands, ...serviceAccountCommands, ...apiKeyCommands, ...auditCommands, ...secretCommands];

/** What the words of a command line name: one command with its arguments, or a group of commands. */
export type Resolution =
  | { readonly kind: 'command'; readonly spec: CommandSpec; readonly args: Record<string, string> }
  | { readonly kind: 'group'; readonly words: readonly string[]; readonly specs: readonly CommandSpec[] };

const isArgument = (element: string) => /^[A-Z]/.test(element);

/** The command's name for messages: its pattern without argument names (`service-account api-key rotate`). */
export function commandName(spec: CommandSpec): string {
  return spec.pattern.filter((e) => !isArgument(e)).join(' ');
}

/** The usage line: `zenml-sa service-account api-key SA rotate KEY`. */
export function usageLine(spec: CommandSpec): string {
  const args = spec.args.map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : a));
  return ['zenml-sa', ...spec.pattern, ...args].join(' ');
}

/** How many leading elements of the pattern the words match (an argument matches any word). */
function matched(pattern: readonly string[], words: readonly string[]): number {
  let n = 0;
  while (n < pattern.length && n < words.length && (isArgument(pattern[n] as string) || pattern[n] === words[n])) n++;
  return n;
}

/**
 * Finds the command the words name. A prefix of several commands is a group (for help, or a missing
 * subcommand); an unknown word, a missing or an extra argument is a UsageError (arguments are not
 * checked `forHelp`).
 */
export function resolve(words: readonly string[], options: { forHelp?: boolean } = {}): Resolution {
  const scores = COMMANDS.map((spec) => ({ spec, n: matched(spec.pattern, words) }));
  const full = scores.find(({ spec, n }) => n === spec.pattern.length);
  if (full) return { kind: 'command', spec: full.spec, args: options.forHelp ? {} : bindArguments(full.spec, words) };
  const group = scores.filter(({ n }) => n === words.length).map(({ spec }) => spec);
  if (group.length > 0) return { kind: 'group', words, specs: group };
  const best = Math.max(...scores.map(({ n }) => n));
  const expected = [...new Set(scores.filter(({ n }) => n === best).map(({ spec }) => spec.pattern[best] as string))];
  const where = best === 0 ? '' : ` after '${words.slice(0, best).join(' ')}'`;
  throw new UsageError(`unknown command '${words[best] ?? ''}'${where}; expected ${expected.join(', ')}`, groupName(words.slice(0, best)));
}

function bindArguments(spec: CommandSpec, words: readonly string[]): Record<string, string> {
  const bound: Record<string, string> = {};
  spec.pattern.forEach((element, i) => {
    if (isArgument(element)) bound[element] = words[i] as string;
  });
  const rest = words.slice(spec.pattern.length);
  const name = commandName(spec);
  spec.args.forEach((arg, i) => {
    const optional = arg.endsWith('?');
    const value = rest[i];
    if (value === undefined && !optional) throw new UsageError(`missing argument ${arg}`, name);
    if (value !== undefined && isDotSegment(value)) throw new UsageError(`${arg.replace(/\?$/, '')} '${value}' cannot be a name: as a path segment it would send the request to another resource`, name);
    if (value !== undefined) bound[optional ? arg.slice(0, -1) : arg] = value;
  });
  const extra = rest[spec.args.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`, name);
  return bound;
}

/** The group's name for help, with argument words kept as given. */
export function groupName(words: readonly string[]): string {
  return words.join(' ');
}
