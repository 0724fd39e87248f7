// What the CLI does differently inside a GitHub Actions job: mask secrets and write $GITHUB_ENV.
import { appendFileSync } from 'node:fs';
import { commandLine, fileCommandEntry } from '../core/workflow-commands.js';
import { apiKeyForms } from '../zenml/api-key.js';

/** True inside a GitHub Actions job, where stdout is the job log and `::add-mask::` hides secrets. */
export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/** `::add-mask::` lines for a secret and every derived form of it, as @actions/core writes them. */
export function maskLines(secret: string): string {
  if (secret === '') return '';
  const forms = secret.startsWith('ZENKEY_') ? apiKeyForms(secret) : [secret];
  return forms.map((form) => commandLine('add-mask', form)).join('');
}

/** Appends variables to the `$GITHUB_ENV` file in @actions/core's heredoc format. */
export function appendGitHubEnv(file: string, variables: Readonly<Record<string, string>>): void {
  const text = Object.entries(variables).map(([name, value]) => fileCommandEntry(name, value)).join('');
  appendFileSync(file, text, { encoding: 'utf8' });
}

/** Quotes a value for POSIX shells, so that `eval "$(zenml-sa login …)"` sets it verbatim. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
