// A small stand-in for the GitHub runner, enough to rehearse .github/workflows/e2e.yml locally: it reads the job's
// steps (the flat YAML shape our workflows use), evaluates `${{ env.* }}` and `${{ steps.*.outputs.* }}`, runs
// `uses: ./` through the bundled action (test/support/run-step.ts), `run:` blocks with bash, a local node action's
// main file, and then the post steps in reverse order, carrying $GITHUB_ENV between steps as the runner does.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFileCommands, runStep } from '../support/run-step.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with: Record<string, string>;
  readonly env: Record<string, string>;
}

/** Reads the steps of the workflow's only job. */
export function readSteps(text: string): Step[] {
  const body = text.split(/^ {4}steps:\n/m)[1] ?? '';
  return body.split(/^ {6}- /m).slice(1).map((chunk) => {
    const lines = chunk.split('\n').map((line, i) => (i === 0 ? `        ${line}` : line));
    const step: { -readonly [K in keyof Step]?: Step[K] } & { with: Record<string, string>; env: Record<string, string> } = { with: {}, env: {} };
    for (let i = 0; i < lines.length; i++) {
      const key = /^ {8}([\w-]+):(?: (.*))?$/.exec(lines[i]!);
      if (!key) continue;
      const [, name, value = ''] = key;
      if (name === 'with' || name === 'env') {
        for (; /^ {10}\S/.test(lines[i + 1] ?? ''); i++) {
          const entry = /^ {10}([\w-]+): (.*)$/.exec(lines[i + 1]!)!;
          step[name][entry[1]!] = entry[2]!.replace(/^'(.*)'$/, '$1');
        }
      } else if (name === 'run' && value === '|') {
        const block: string[] = [];
        for (; i + 1 < lines.length && (/^ {10}/.test(lines[i + 1]!) || lines[i + 1] === ''); i++) block.push(lines[i + 1]!.slice(10));
        step.run = block.join('\n').trimEnd();
      } else if (name === 'name' || name === 'id' || name === 'uses' || name === 'run') {
        step[name] = value.replace(/\s+#.*$/, '');
      }
    }
    return step as Step;
  });
}

/** Evaluates the expressions the workflow uses; anything else is an error, not an empty string. */
export function evaluate(value: string, env: Record<string, string>, outputs: Record<string, Record<string, string>>): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_m, path: string) => {
    const [scope, a, b, c] = path.split('.');
    if (scope === 'env' && a && !b) return env[a] ?? '';
    if (scope === 'steps' && a && b === 'outputs' && c) return outputs[a]?.[c] ?? '';
    throw new Error(`the rehearsal cannot evaluate \${{ ${path} }}`);
  });
}

export interface StepResult {
  readonly step: string;
  readonly code: number | null;
  readonly log: string;
}

/** Runs a process with the job's environment and a fresh $GITHUB_ENV; returns its exit code, log and env lines. */
export async function runProcess(command: string, args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; log: string; exported: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-step-'));
  const envFile = join(dir, 'env');
  writeFileSync(envFile, '');
  const child = spawn(command, args, { cwd: root, env: { ...env, GITHUB_ENV: envFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  const exported = parseEnvFile(readFileSync(envFile, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return { code, log, exported };
}

/** Reads $GITHUB_ENV in both of the runner's forms: NAME=value lines and NAME<<delimiter heredocs. */
export function parseEnvFile(text: string): Record<string, string> {
  const plain = Object.fromEntries(
    text.split('\n').flatMap((line) => {
      const m = /^([A-Za-z_]\w*)=(.*)$/.exec(line);
      return m ? [[m[1]!, m[2]!] as const] : [];
    }),
  );
  return { ...plain, ...parseFileCommands(text) };
}

/**
 * Runs the steps in order, then the post steps in reverse order, stopping at the first failure as the runner does
 * (posts of steps that ran still run). `skip` names steps the caller stands in for (checkout, installs, servers).
 * Returns each step's result and the job's environment at the end.
 */
export async function runJob(
  steps: readonly Step[],
  jobEnv: Record<string, string>,
  skip: (step: Step) => boolean,
): Promise<{ results: StepResult[]; env: Record<string, string> }> {
  const env = { ...jobEnv };
  const outputs: Record<string, Record<string, string>> = {};
  const posts: (() => Promise<StepResult>)[] = [];
  const results: StepResult[] = [];
  for (const step of steps) {
    if (skip(step)) continue;
    const label = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? '?';
    const stepEnv = { ...env, ...Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, evaluate(v, env, outputs)])) };
    let result: StepResult;
    if (step.uses === './') {
      const inputs = Object.fromEntries(Object.entries(step.with).map(([k, v]) => [k, evaluate(v, env, outputs)]));
      const ran = await runStep(inputs, { env: stepEnv });
      Object.assign(env, ran.env);
      if (step.id) outputs[step.id] = ran.outputs;
      result = { step: label, code: ran.code, log: ran.stdout + ran.stderr };
      posts.push(async () => {
        const post = await runStep(inputs, { entry: 'post/index.js', env: { ...env }, state: ran.state });
        return { step: `post ${label}`, code: post.code, log: post.stdout + post.stderr };
      });
    } else if (step.uses?.startsWith('./')) {
      const dir = join(root, step.uses);
      const action = readFileSync(join(dir, 'action.yml'), 'utf8');
      const file = (key: string) => /^ {2}(?:main|post): (\S+)$/m.exec(action.split('\n').filter((l) => l.startsWith(`  ${key}:`)).join('\n'))?.[1];
      const ran = await runProcess(process.execPath, [join(dir, file('main')!)], stepEnv);
      Object.assign(env, ran.exported);
      result = { step: label, code: ran.code, log: ran.log };
      const post = file('post');
      if (post) posts.push(async () => ({ step: `post ${label}`, ...(await runProcess(process.execPath, [join(dir, post)], { ...env })) }));
    } else if (step.run !== undefined) {
      const ran = await runProcess('bash', ['-e', '-c', step.run], stepEnv);
      Object.assign(env, ran.exported);
      result = { step: label, code: ran.code, log: ran.log };
    } else {
      throw new Error(`the rehearsal cannot run step '${label}'`);
    }
    results.push(result);
    if (result.code !== 0) break;
  }
  for (const post of posts.reverse()) results.push(await post());
  return { results, env };
}
