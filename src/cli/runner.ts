// What the CLI does differently inside a GitHub Actions job: mask secrets and write $GITHUB_ENV.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { apiKeyForms } from '../zenml/api-key.js';

/** True inside a GitHub Actions job, where stdout is the job log and `::add-mask::` hides secrets. */
export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/** `::add-mask::` lines for a secret and every derived form of it, as @actions/core writes them. */
export function maskLines(secret: string): string {
  if (secret === '') return '';
  const forms = secret.startsWith('ZENKEY_') ? apiKeyForms(secret) : [secret];
  return forms.map((form) => `::add-mask::${escapeCommandData(form)}\n`).join('');
}

function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Appends variables to the `$GITHUB_ENV` file in @actions/core's heredoc format. */
export function appendGitHubEnv(file: string, variables: Readonly<Record<string, string>>): void {
  let text = '';
  for (const [name, value] of Object.entries(variables)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`the value of ${name} contains the delimiter`);
    text += `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
  }
  appendFileSync(file, text, { encoding: 'utf8' });
}

/** Quotes a value for POSIX shells, so that `eval "$(zenml-sa login …)"` sets it verbatim. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
