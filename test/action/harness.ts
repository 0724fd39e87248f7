import { expect } from 'vitest';
import type { StepRun } from '../support/run-step.ts';

export { actionDefaults, parseFileCommands, runStep, type StepRun } from '../support/run-step.ts';

/** The forms of a key that must not leak: the key, its base64 body and the secret inside. */
export function secretForms(secret: string): string[] {
  if (!secret.startsWith('ZENKEY_')) return [secret];
  const body = secret.slice(7);
  try {
    const inner = (JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { key: string }).key;
    return [secret, body, inner];
  } catch {
    return [secret, body]; // a malformed key: the text itself is what must not leak
  }
}

/**
 * Asserts that no secret (in any form) appears anywhere the runner would show or keep, except the
 * `::add-mask::` lines and the places explicitly allowed (the exported key, an opted-in output).
 */
export function expectNoLeak(run: StepRun, secrets: Array<string | undefined>, allowed: { exportedKey?: string; outputKey?: string } = {}): void {
  const stdoutLines = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
  const env = { ...run.env };
  if (allowed.exportedKey !== undefined && env['ZENML_STORE_API_KEY'] === allowed.exportedKey) delete env['ZENML_STORE_API_KEY'];
  const outputs = { ...run.outputs };
  if (allowed.outputKey !== undefined && outputs['api-key'] === allowed.outputKey) delete outputs['api-key'];
  const places: Record<string, string> = {
    stdout: stdoutLines.join('\n'),
    stderr: run.stderr,
    env: JSON.stringify(env),
    outputs: JSON.stringify(outputs),
    state: run.files.state,
    summary: run.summary,
  };
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of secretForms(secret)) {
      for (const [place, text] of Object.entries(places)) {
        expect(text.includes(form), `a secret (${form.slice(0, 12)}…) leaked into ${place}`).toBe(false);
      }
    }
  }
}

/** Asserts that the value was masked, and before any line that is not itself a mask. */
export function expectMaskedFirst(run: StepRun, secret: string): void {
  const lines = run.stdout.split('\n');
  const maskAt = lines.indexOf(`::add-mask::${secret}`);
  expect(maskAt, 'the value was never masked').toBeGreaterThanOrEqual(0);
  const firstOther = lines.findIndex((line) => line !== '' && !line.startsWith('::add-mask::'));
  if (firstOther >= 0) expect(maskAt).toBeLessThan(firstOther);
}
