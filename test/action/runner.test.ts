// The runner commands, checked against the exact text @actions/core 3.0.1 writes for the same calls (the expected
// strings were taken from it). The end-to-end tests run them through the bundled action; these pin the edge cases.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as runner from '../../src/action/runner.ts';

const FILE_VARIABLES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'] as const;
const NASTY = 'a%b\r\nc:d,e';

let savedEnv: NodeJS.ProcessEnv;
let savedExitCode: typeof process.exitCode;
let dir: string;
let stdout: string;

beforeEach(() => {
  savedEnv = { ...process.env };
  savedExitCode = process.exitCode;
  for (const name of FILE_VARIABLES) delete process.env[name];
  dir = mkdtempSync(join(tmpdir(), 'runner-'));
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
  process.exitCode = savedExitCode;
  rmSync(dir, { recursive: true, force: true });
});

/** Points GITHUB_<name> at a new empty file and returns its path. */
function fileCommand(variable: (typeof FILE_VARIABLES)[number]): string {
  const file = join(dir, variable);
  writeFileSync(file, '');
  process.env[variable] = file;
  return file;
}

/** Parses a whole file of `name<<ghadelimiter_<uuid v4>` entries; fails on anything else in it. */
function heredocs(file: string): { name: string; delimiter: string; value: string }[] {
  const text = readFileSync(file, 'utf8');
  const entry = /(.*)<<(ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\n([\s\S]*?)\n\2\n/y;
  const entries = [];
  let end = 0;
  for (let m = entry.exec(text); m; m = entry.exec(text)) {
    entries.push({ name: m[1]!, delimiter: m[2]!, value: m[3]! });
    end = entry.lastIndex;
  }
  expect(text.slice(end), 'text after the last entry').toBe('');
  return entries;
}

describe('workflow commands on stdout', () => {
  it('escapes %, CR and LF in the message, and nothing else', () => {
    runner.setSecret(NASTY);
    runner.debug(NASTY);
    runner.warning(NASTY);
    runner.setSecret('%0A is not a newline');
    expect(stdout).toBe(
      ['::add-mask::a%25b%0D%0Ac:d,e', '::debug::a%25b%0D%0Ac:d,e', '::warning::a%25b%0D%0Ac:d,e', '::add-mask::%250A is not a newline', ''].join(EOL),
    );
  });

  it('writes info lines verbatim', () => {
    runner.info(`two${EOL}lines ${NASTY}`);
    expect(stdout).toBe(`two${EOL}lines ${NASTY}${EOL}`);
  });

  it('setFailed sets exit code 1 and writes an error', () => {
    process.exitCode = undefined;
    runner.setFailed(`bad input${EOL}see above`);
    expect(process.exitCode).toBe(1);
    expect(stdout).toBe('::error::bad input%0Asee above' + EOL);
  });
});

describe('file commands', () => {
  it('appends one heredoc per call, each with its own delimiter, and writes nothing to stdout', () => {
    const files = { output: fileCommand('GITHUB_OUTPUT'), env: fileCommand('GITHUB_ENV'), state: fileCommand('GITHUB_STATE') };
    runner.setOutput('api-key-id', 'k-1');
    runner.setOutput('multi', `line 1${EOL}line 2${EOL}`);
    runner.setOutput('empty', '');
    runner.exportVariable('ZENML_STORE_API_KEY', NASTY);
    runner.saveState('ephemeral-key-id', 'k-2');

    const outputs = heredocs(files.output);
    expect(outputs.map(({ name, value }) => [name, value])).toEqual([['api-key-id', 'k-1'], ['multi', `line 1${EOL}line 2${EOL}`], ['empty', '']]);
    expect(new Set(outputs.map((e) => e.delimiter)).size).toBe(3);
    expect(heredocs(files.env).map(({ name, value }) => [name, value])).toEqual([['ZENML_STORE_API_KEY', NASTY]]);
    expect(heredocs(files.state).map(({ name, value }) => [name, value])).toEqual([['ephemeral-key-id', 'k-2']]);
    expect(stdout).toBe('');
  });

  it('exportVariable sets the variable for this process too, with or without $GITHUB_ENV', () => {
    fileCommand('GITHUB_ENV');
    runner.exportVariable('RUNNER_TEST_A', 'one');
    delete process.env['GITHUB_ENV'];
    runner.exportVariable('RUNNER_TEST_B', 'two');
    expect([process.env['RUNNER_TEST_A'], process.env['RUNNER_TEST_B']]).toEqual(['one', 'two']);
  });

  it('falls back to stdout commands when the file variable is unset, escaping the name as a property', () => {
    runner.setOutput(`out:${NASTY}`, NASTY);
    runner.exportVariable('RUNNER_TEST_C', 'v');
    runner.saveState('s,1', '');
    expect(stdout).toBe(
      [
        '',
        '::set-output name=out%3Aa%25b%0D%0Ac%3Ad%2Ce::a%25b%0D%0Ac:d,e',
        '::set-env name=RUNNER_TEST_C::v',
        '::save-state name=s%2C1::',
        '',
      ].join(EOL),
    );
  });

  it('fails, rather than falling back, when the file variable names a missing file', () => {
    process.env['GITHUB_OUTPUT'] = join(dir, 'gone');
    expect(() => runner.setOutput('a', 'b')).toThrow(`Missing file at path: ${join(dir, 'gone')}`);
    expect(stdout).toBe('');
  });
});

describe('inputs and state', () => {
  it.each([
    { name: 'api-key', variable: 'INPUT_API-KEY', value: '  key \n' },
    { name: 'my input', variable: 'INPUT_MY_INPUT', value: ' x ' },
    { name: 'Command', variable: 'INPUT_COMMAND', value: 'rotate' },
  ])('getInput($name) reads $variable, trimmed unless trimWhitespace is false', ({ name, variable, value }) => {
    process.env[variable] = value;
    expect(runner.getInput(name)).toBe(value.trim());
    expect(runner.getInput(name, { trimWhitespace: false })).toBe(value);
  });

  it('getInput returns an empty string for an input the runner did not pass', () => {
    expect(runner.getInput('runner-test-unset')).toBe('');
  });

  it('getState reads STATE_<name> as given, or returns an empty string', () => {
    process.env['STATE_ephemeral-key-id'] = 'k-1';
    expect(runner.getState('ephemeral-key-id')).toBe('k-1');
    expect(runner.getState('EPHEMERAL-KEY-ID')).toBe('');
  });
});

describe('job summary', () => {
  it('appends the markdown as given', async () => {
    const file = fileCommand('GITHUB_STEP_SUMMARY');
    writeFileSync(file, 'earlier step\n');
    await runner.appendSummary('# Rotated\n');
    await runner.appendSummary('| a | b |');
    expect(readFileSync(file, 'utf8')).toBe('earlier step\n# Rotated\n| a | b |');
  });

  it('rejects when there is no summary file', async () => {
    await expect(runner.appendSummary('x')).rejects.toThrow('Unable to find environment variable for $GITHUB_STEP_SUMMARY');
    process.env['GITHUB_STEP_SUMMARY'] = join(dir, 'gone');
    await expect(runner.appendSummary('x')).rejects.toThrow(`Unable to access summary file: '${join(dir, 'gone')}'`);
  });
});
