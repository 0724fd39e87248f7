import type { CommandError, CommandResult, FailureState } from '../commands/types.js';
import type { ApiKey } from '../zenml/models.js';

type Row = [string, string];

/** The job summary of a successful run, as Markdown: what was done, to which targets, the retention end. */
export function successSummary(result: CommandResult): string {
  const rows: Row[] = [['Command', `\`${result.command}\``], ['Result', result.done], ['Server version', result.serverVersion]];
  if (result.account) rows.push(['Service account', `${result.account.name} (\`${result.account.id}\`)`]);
  if (result.key) rows.push(['API key', `${result.key.name} (\`${result.key.id}\`)`]);
  if (result.rotatedAt) rows.push(['Rotated at', result.rotatedAt]);
  if (result.command === 'rotate') rows.push(['Previous key valid until', result.previousKeyValidUntil ?? 'no longer valid (no retention)']);
  if (result.command === 'create' || result.command === 'rotate') {
    rows.push(['Secrets written', result.secretsUpdated.map((s) => `${s.target} ${s.secret} (${s.result})`).join('<br>') || 'none']);
  }
  for (const warning of result.warnings) rows.push(['Warning', warning]);
  let markdown = `### ZenML service account: ${result.command}\n\n${table(rows)}`;
  if (result.keys) markdown += `\n#### API keys\n\n${keysTable(result.keys)}`;
  return markdown;
}

/** The job summary of a failed run: the error and the state the server and each target are in. */
export function failureSummary(command: string, message: string, state: FailureState | undefined, exported: boolean): string {
  const rows: Row[] = [['Command', `\`${command}\``], ['Failed', message]];
  if (state?.subject) {
    rows.push(['Service account', `${state.subject.account.name} (\`${state.subject.account.id}\`)`]);
    if (state.subject.key) rows.push(['API key', `${state.subject.key.name} (\`${state.subject.key.id}\`)`]);
  }
  if (state?.rotatedAt) rows.push(['Rotated at', state.rotatedAt]);
  if (state?.rotatedAt || state?.previousKeyValidUntil) rows.push(['Previous key valid until', state.previousKeyValidUntil ?? 'no longer valid (no retention)']);
  if (state && (state.written.length > 0 || state.notWritten.length > 0)) {
    rows.push(['Secrets written', state.written.map((s) => `${s.target} ${s.secret} (${s.result})`).join('<br>') || 'none']);
    rows.push(['Secrets not written', state.notWritten.join('<br>') || 'none']);
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
  const rows = keys.map((k) => `| ${cell(k.name)} | \`${k.id}\` | ${k.active ? 'active' : 'inactive'} | ${k.lastRotated ?? 'never'} | ${k.lastLogin ?? 'never'} | ${k.created} |`);
  return `| Name | Id | State | Last rotated | Last login | Created |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

function table(rows: Row[]): string {
  return `| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${cell(v)} |`).join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}
