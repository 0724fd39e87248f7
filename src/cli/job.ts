// What the CLI does differently inside a GitHub Actions job: mask secrets and export variables through
// @actions/core, the runner's own library, so that the command and file formats are the runner's.
import * as core from '@actions/core';
import { secretForms } from '../core/redact.js';

/** True inside a GitHub Actions job, where stdout is the job log and `::add-mask::` hides secrets. */
export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/** Masks a secret and every derived form of it in the job log; empty values are skipped. */
export function maskInJob(secret: string): void {
  if (secret === '') return;
  for (const form of secretForms(secret)) core.setSecret(form);
}

/** Exports variables to the job's later steps through $GITHUB_ENV. */
export function exportToJob(variables: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(variables)) core.exportVariable(name, value);
}
