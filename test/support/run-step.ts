/**
 * Runs a bundled step (`dist/index.js`, `dist/post/index.js`) the way the GitHub runner does: every input
 * as INPUT_* with action.yml's defaults, and temporary GITHUB_ENV/OUTPUT/STATE/STEP_SUMMARY files. The
 * tests and `npm run demo` both use it; Node runs it directly (erasable TypeScript only).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/** What a step run left behind, as the runner would see it. */
export interface StepRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly env: Record<string, string>;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
  /** The raw files, for leak checks. */
  readonly files: { env: string; output: string; state: string; summary: string };
}

/** Runs `dist/index.js` (or `dist/post/index.js`) the way the runner does: INPUT_* variables and the file commands. */
export async function runStep(
  inputs: Record<string, string>,
  options: {
    entry?: 'index.js' | 'post/index.js';
    env?: Record<string, string>;
    state?: Record<string, string>;
    /** Sees the child as soon as it runs (to send it signals, as the runner does on cancellation). */
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<StepRun> {
  const dir = mkdtempSync(join(tmpdir(), 'step-'));
  const files = { env: join(dir, 'env'), output: join(dir, 'output'), state: join(dir, 'state'), summary: join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_ENV: files.env,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    NO_PROXY: '127.0.0.1,localhost',
    ...options.env,
  };
  // The runner sets every input, with action.yml's default where the workflow gives none.
  const contexts: Record<string, string> = { 'github.repository': env['GITHUB_REPOSITORY'] ?? '', 'github.api_url': env['GITHUB_API_URL'] ?? '' };
  for (const [name, value] of Object.entries(actionDefaults())) {
    env[`INPUT_${name.toUpperCase()}`] = value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_m, path: string) => contexts[path] ?? '');
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  const child = spawn(process.execPath, [join(root, 'dist', options.entry ?? 'index.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const raw = { env: readFileSync(files.env, 'utf8'), output: readFileSync(files.output, 'utf8'), state: readFileSync(files.state, 'utf8'), summary: readFileSync(files.summary, 'utf8') };
  rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr, env: parseFileCommands(raw.env), outputs: parseFileCommands(raw.output), state: parseFileCommands(raw.state), summary: raw.summary, files: raw };
}

/** The inputs of action.yml with their defaults (a reader for the flat shape action.yml has). */
export function actionDefaults(): Record<string, string> {
  const text = readFileSync(join(root, 'action.yml'), 'utf8');
  const section = text.split(/^inputs:\n/m)[1]?.split(/^\S/m)[0] ?? '';
  const defaults: Record<string, string> = {};
  let current: string | undefined;
  for (const line of section.split('\n')) {
    const input = /^  ([a-z-]+):\s*$/.exec(line);
    if (input) current = input[1];
    const value = /^    default:\s*(.*)$/.exec(line);
    if (value && current) defaults[current] = value[1]!.replace(/^'(.*)'$/, '$1');
  }
  return defaults;
}

/** Reads `name<<delimiter` heredocs as @actions/core writes them into GITHUB_ENV and GITHUB_OUTPUT. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(ghadelimiter_[0-9a-f-]+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] ?? '');
    result[match[1]!] = value.join('\n');
  }
  return result;
}
