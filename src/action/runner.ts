// How the action talks to the GitHub Actions runner: inputs and state from the environment, workflow commands on
// stdout, file commands appended to $GITHUB_OUTPUT, $GITHUB_ENV, $GITHUB_STATE and $GITHUB_STEP_SUMMARY.
//
// We do not use @actions/core: version 3 statically imports @actions/http-client (for OIDC tokens, which this
// action never asks for), and with it undici, @actions/exec and @actions/io, which cost ~70 ms of parsing on every
// start of the bundled action (measured, see docs/PERFORMANCE.md). This module is the part of it the action uses,
// writing exactly the formats of @actions/core 3.0.1 (lib/core.js, command.js, file-command.js, summary.js). It
// takes strings only, where @actions/core also JSON-encodes other values.
import { appendFileSync, constants, existsSync } from 'node:fs';
import { access, appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import { commandLine, fileCommandEntry } from '../core/workflow-commands.js';

/** Reads an input the runner passed as INPUT_<NAME>; '' when unset, trimmed unless `trimWhitespace` is false. */
export function getInput(name: string, options: { readonly trimWhitespace?: boolean } = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  return options.trimWhitespace === false ? value : value.trim();
}

/** Reads what the main step saved with saveState (the runner passes it to the post step as STATE_<name>). */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

/** Masks a value in the job log from this line on. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', secret);
}

/** Sets a step output. */
export function setOutput(name: string, value: string): void {
  if (process.env['GITHUB_OUTPUT']) return appendFileCommand('OUTPUT', name, value);
  process.stdout.write(EOL); // @actions/core does this, so that the command starts a line
  issueCommand('set-output', value, { name });
}

/** Sets an environment variable for this process and for the job's later steps. */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  if (process.env['GITHUB_ENV']) return appendFileCommand('ENV', name, value);
  issueCommand('set-env', value, { name });
}

/** Saves a value for the post step of this action (see getState). */
export function saveState(name: string, value: string): void {
  if (process.env['GITHUB_STATE']) return appendFileCommand('STATE', name, value);
  issueCommand('save-state', value, { name });
}

/** Writes a debug line, shown only when the job runs with debug logging. */
export function debug(message: string): void {
  issueCommand('debug', message);
}

/** Writes a line to the job log. */
export function info(message: string): void {
  process.stdout.write(message + EOL);
}

/** Writes a warning, which also becomes an annotation of the run. */
export function warning(message: string): void {
  issueCommand('warning', message);
}

/** Fails the step: exit code 1 once the process ends, and the message as an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  issueCommand('error', message);
}

/** Appends markdown to the job summary ($GITHUB_STEP_SUMMARY), as `summary.addRaw(markdown).write()` does. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
  try {
    await access(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
  }
  await appendFile(file, markdown, { encoding: 'utf8' });
}

/** Writes a workflow command to the job log. */
function issueCommand(command: string, message: string, properties: Readonly<Record<string, string>> = {}): void {
  process.stdout.write(commandLine(command, message, properties));
}

/** Appends a `name<<delimiter` entry to $GITHUB_<command>. */
function appendFileCommand(command: 'OUTPUT' | 'ENV' | 'STATE', name: string, value: string): void {
  const file = process.env[`GITHUB_${command}`] ?? '';
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, fileCommandEntry(name, value), { encoding: 'utf8' });
}
