// The text of the runner's workflow commands (stdout) and file commands ($GITHUB_ENV and the like), in the
// formats of @actions/core 3.0.1: the action's runner.ts writes them, and so does the CLI inside a job.
import { randomUUID } from 'node:crypto';
import { EOL } from 'node:os';

/** `::command key=value,…::message` and a line end, escaped so that a value cannot end the command or start another. */
export function commandLine(command: string, message: string, properties: Readonly<Record<string, string>> = {}): string {
  let text = `::${command}`;
  if (Object.keys(properties).length > 0) {
    const pairs = Object.entries(properties).filter(([, value]) => value);
    text += ' ' + pairs.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  }
  return `${text}::${escapeData(message)}${EOL}`;
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One `name<<delimiter` entry of a file command: the name, the value and the delimiter. The delimiter is random
 * so that a value cannot end the entry early; a name or value that contains it anyway is refused.
 */
export function fileCommandEntry(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (value.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}
