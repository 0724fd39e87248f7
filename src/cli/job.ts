// What the CLI does differently inside a GitHub Actions job: mask secrets and export variables through
// @actions/core, the runner's own library, so that the command and file formats are the runner's.
import * as core from '@actions/core';
import { secretForms } from '../core/redact.js';

/** True inside a GitHub Actions job, where stdout and stderr are the job log and `::add-mask::` hides secrets. */
export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/**
 * Masks a secret and every derived form of it in the job log; empty values are skipped.
 *
 * The `::add-mask::` lines go to stderr. stdout is data that scripts capture (`eval "$(zenml-sa login …)"`,
 * `NEW=$(zenml-sa … rotate …)`), and a mask line there would be captured with it. The runner reads workflow
 * commands from a step's stderr exactly as from its stdout: actions/runner's ScriptHandler
 * (src/Runner.Worker/Handlers/ScriptHandler.cs) gives StepHost.ErrorDataReceived its own OutputManager, whose
 * OnDataReceived runs ActionCommandManager.TryProcessCommand on every line. @actions/core writes commands to
 * process.stdout only, so its writes are routed to stderr while it formats them. The key itself reaches stdout
 * only after at least one more request, long after the runner has read the mask.
 */
export function maskInJob(secret: string): void {
  if (secret === '') return;
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof write;
  try {
    for (const form of secretForms(secret)) core.setSecret(form);
  } finally {
    process.stdout.write = write;
  }
}

/** Exports variables to the job's later steps through $GITHUB_ENV. */
export function exportToJob(variables: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(variables)) core.exportVariable(name, value);
}
