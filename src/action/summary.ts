import type { CommandError, CommandResult, FailureState } from '../commands/types.js';
import { isoMillis, type ApiKey } from '../zenml/models.js';

// Every value in a summary row comes from outside (server names, ids, dates, versions, error details, input
// values) and is rendered as a code span (`text`): inside one, Markdown links and images, HTML and autolinks are
// all plain text. Only the labels and the few words we write ourselves are Markdown.
type Row = [string, string];

/** What a key-making command that failed before its irreversible request left on the server: nothing. */
const UNCHANGED: Readonly<Record<string, string>> = {
  rotate: '**not rotated**: the API key is unchanged, and the previous key works as before',
  create: '**nothing created**: no service account or API key was made',
  ephemeral: '**nothing created**: no API key was made',
};

/** The job summary of a successful run, as Markdown: what was done, to which targets, the retention end. */
export function successSummary(result: CommandResult): string {
  const rows: Row[] = [['Command', code(result.command)], ['Result', code(result.done)], ['Server version', code(result.serverVersion)]];
  if (result.account) rows.push(['Service account', named(result.account)]);
  if (result.key) rows.push(['API key', named(result.key)]);
  if (result.rotatedAt) rows.push(['Rotated at', code(result.rotatedAt)]);
  if (result.command === 'rotate') rows.push(['Previous key valid until', result.previousKeyValidUntil ? code(result.previousKeyValidUntil) : 'no longer valid (no retention)']);
  if (result.command === 'create' || result.command === 'rotate') {
    rows.push(['Secrets written', result.secretsUpdated.map((s) => `${code(`${s.target} ${s.secret}`)} (${s.result})`).join('<br>') || 'none']);
  }
  for (const warning of result.warnings) rows.push(['Warning', code(warning)]);
  let markdown = `### ZenML service account: ${result.command}\n\n${table(rows)}`;
  if (result.keys) markdown += `\n#### API keys\n\n${keysTable(result.keys)}`;
  return markdown;
}

/** The job summary of a failed run: the error and the state the server and each target are in. */
export function failureSummary(command: string, message: string, state: FailureState | undefined, exported: boolean, untouched = false): string {
  const rows: Row[] = [['Command', code(command)], ['Failed', code(message)]];
  // Only where the failure came before the request that cannot be taken back: once it was sent (its answer may have
  // been lost), the state rows below say what is known instead.
  if (untouched && UNCHANGED[command]) rows.push(['Server', UNCHANGED[command]], ['Secrets', 'unchanged: nothing was stored']);
  if (state?.subject) {
    rows.push(['Service account', named(state.subject.account)]);
    if (state.subject.key) rows.push(['API key', named(state.subject.key)]);
  }
  if (state?.rotatedAt) rows.push(['Rotated at', code(state.rotatedAt)]);
  if (state?.rotatedAt || state?.previousKeyValidUntil) rows.push(['Previous key valid until', state.previousKeyValidUntil ? code(state.previousKeyValidUntil) : 'no longer valid (no retention)']);
  if (state && (state.written.length > 0 || state.notWritten.length > 0)) {
    rows.push(['Secrets written', state.written.map((s) => `${code(`${s.target} ${s.secret}`)} (${s.result})`).join('<br>') || 'none']);
    rows.push(['Secrets not written', state.notWritten.map(code).join('<br>') || 'none']);
  }
  if (state?.newKey) rows.push(['New key', exported ? 'exported as ZENML_STORE_API_KEY for the rest of this job (masked)' : 'not exported']);
  return `### ZenML service account: ${command} failed\n\n${table(rows)}`;
}

/** The state of a CommandError, or undefined for other failures. */
export function stateOf(error: unknown): FailureState | undefined {
  return (error as Partial<CommandError> | undefined)?.state;
}

function keysTable(keys: readonly ApiKey[]): string {
  if (keys.length === 0) return 'No API keys.\n';
  const rows = keys.map((k) => `| ${code(k.name)} | ${code(k.id)} | ${k.active ? 'active' : 'inactive'} | ${k.lastRotated ? code(isoMillis(k.lastRotated)) : 'never'} | ${k.lastLogin ? code(isoMillis(k.lastLogin)) : 'never'} | ${code(isoMillis(k.created))} |`);
  return `| Name | Id | State | Last rotated | Last login | Created |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

function table(rows: Row[]): string {
  return `| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`;
}

function named(thing: { readonly name: string; readonly id: string }): string {
  return `${code(thing.name)} (${code(thing.id)})`;
}

/**
 * Text from outside as a code span for a table cell: a fence longer than any run of backticks inside, line breaks
 * as spaces (a cell is one line), and `|` escaped (GFM splits cells before it reads code spans).
 */
export function code(text: string): string {
  const line = text.replace(/\r\n|\r|\n/g, ' ');
  if (line === '') return '';
  const fence = '`'.repeat(Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = /^[` ]|[` ]$/.test(line) ? ' ' : '';
  return `${fence}${pad}${line.replace(/\|/g, '\\|')}${pad}${fence}`;
}
