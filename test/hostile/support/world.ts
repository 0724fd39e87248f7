/**
 * The hostile suite's world: the fake ZenML and GitHub servers from test/fakes, a liar in front of ZenML, and the
 * checks every hostile case shares (no injected workflow command reached the runner, no secret in any form).
 */
import { expect } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/github-server.ts';
import { startFakeZenml, type FakeZenml, type FakeZenmlOptions } from '../../fakes/zenml-server.ts';
import type { StepRun } from '../../support/run-step.ts';
import { startLiar, type Liar } from './liar.ts';
import { everyForm, MARK } from './payloads.ts';

export { runStep, type StepRun } from '../../support/run-step.ts';
export { runCli, type CliRun } from '../../cli/harness.ts';

export const PASSWORD = 'hostile admin  password~(never shown)!';
export const TOKEN = 'github_pat_HOSTILE0suite0token0never0shown';

export interface HostileWorld {
  readonly zenml: FakeZenml;
  readonly github: FakeGitHub;
  /** The liar in front of `zenml`: point the action or CLI at `liar.url`. */
  readonly liar: Liar;
  /** Account `ci-deployer` and its key `github-actions`. */
  readonly key: string;
  /** Action inputs that reach ZenML through the liar as the admin, and the fake GitHub with `TOKEN`. */
  readonly inputs: Record<string, string>;
  /** CLI environment: the liar as the server, the account's key as credential, the fake GitHub. */
  readonly cliEnv: Record<string, string>;
  /** Every secret of this world (password, token, key), for leak checks. */
  readonly secrets: string[];
  close(): Promise<void>;
}

/** Starts the fakes and a liar in front of ZenML. */
export async function startHostileWorld(options: FakeZenmlOptions = {}): Promise<HostileWorld> {
  const zenml = await startFakeZenml({ adminName: 'admin', adminPassword: PASSWORD, ...options });
  const github = await startFakeGitHub({ token: TOKEN, repositories: ['acme/app'], organizations: ['acme'] });
  const liar = await startLiar(zenml.url);
  zenml.seedServiceAccount('ci-deployer');
  const key = zenml.seedApiKey('ci-deployer', 'github-actions').key;
  return {
    zenml,
    github,
    liar,
    key,
    inputs: { 'server-url': liar.url, username: 'admin', password: PASSWORD, 'github-token': TOKEN, 'github-api-url': github.url, 'service-account': 'ci-deployer' },
    cliEnv: { ZENML_STORE_URL: liar.url, ZENML_STORE_API_KEY: key, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url },
    secrets: [PASSWORD, TOKEN, key],
    close: async () => void (await Promise.all([liar.close(), zenml.close(), github.close()])),
  };
}

/**
 * The lines of a log the runner would take as workflow commands: `::` at the start after leading whitespace (the
 * runner trims it), or the legacy `##[command]` anywhere in a line. Lines end at \n, \r\n or a lone \r.
 */
export function commandLines(log: string): string[] {
  return log.split(/\r\n|\r|\n/).filter((line) => /^[\s\u0085\u180e\u200b\ufeff]*::/.test(line) || line.includes('##['));
}

/** The commands we issue on stdout or stderr; file commands carry everything else. */
const OURS = new Set(['add-mask', 'debug', 'notice', 'warning', 'error']);

/**
 * True when a line the runner would run is not one we issued: indented, a command we never write, the attacker's
 * text in its name or properties (or in what it masks), or the legacy `##[…]` form (we never write it; the runner
 * tries it only when the line is not a `::` command).
 */
export function isForeignCommand(line: string, marks: readonly string[]): boolean {
  const v2 = /^::([^\r\n]*?)::(.*)$/.exec(line);
  if (!v2) return true;
  const header = v2[1]!;
  const name = header.split(' ')[0]!;
  if (!OURS.has(name) || marks.some((mark) => header.includes(mark))) return true;
  return name === 'add-mask' && marks.some((mark) => v2[2]!.includes(mark));
}

/** Asserts that every workflow command in the log is one we issued (see `isForeignCommand`). */
export function expectNoInjectedCommand(log: string, marks: readonly string[] = []): void {
  const foreign = commandLines(log).filter((line) => isForeignCommand(line, [MARK, ...marks]));
  expect(foreign, 'text from outside became a workflow command').toEqual([]);
}

/** The places of a step run the runner would show or keep. */
export function places(run: StepRun | { stdout: string; stderr: string }): Record<string, string> {
  if (!('files' in run)) return { stdout: run.stdout, stderr: run.stderr };
  const stdout = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
  return { stdout, stderr: run.stderr, env: run.files.env, output: run.files.output, state: run.files.state, summary: run.summary };
}

/**
 * Asserts that no secret appears outside `::add-mask::` lines (and the `except` texts) in any of its forms (see
 * `everyForm`), nor with its whitespace collapsed, nor cut short by up to `cut` characters (what survives a
 * truncation that came before redaction). Returns how many forms were checked.
 */
export function expectNoSecretForm(run: StepRun | { stdout: string; stderr: string }, secrets: readonly string[], options: { except?: readonly string[]; cut?: number } = {}): number {
  let checked = 0;
  for (const secret of secrets) {
    for (const whole of everyForm(secret)) {
      const variants = new Set([whole, whole.replace(/\s+/g, ' '), ...Array.from({ length: options.cut ?? 0 }, (_, i) => whole.slice(0, -(i + 1)))]);
      for (const form of [...variants].filter((v) => v.length >= 8)) {
        checked += 1;
        for (const [place, text] of Object.entries(places(run))) {
          const visible = (options.except ?? []).reduce((t, allowed) => t.split(allowed).join(''), text);
          expect(visible.includes(form), `a form of a secret (${form.slice(0, 10)}…) reached ${place}`).toBe(false);
        }
      }
    }
  }
  return checked;
}

/** The `::error::` line of an action run, unescaped, or ''. */
export function errorLine(run: { stdout: string }): string {
  const line = run.stdout.split('\n').find((l) => l.startsWith('::error::'));
  return line ? line.slice(9).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%') : '';
}
