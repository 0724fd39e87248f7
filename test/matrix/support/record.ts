/**
 * Rows of the reliability matrices. When `RELIABILITY_OUT` names a directory, every matrix test writes
 * its row there (one JSON file per row, so that parallel test files never interleave), and
 * `scripts/reliability.ts` renders them into docs/RELIABILITY.md.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type MatrixName = 'leak' | 'fault' | 'bad-input' | 'transport' | 'concurrency' | 'hostile';

export interface Row {
  readonly matrix: MatrixName;
  readonly case: string;
  /** What happened, in words that stay the same from run to run. */
  readonly outcome: string;
  /** The error line (normalised), or empty. */
  readonly message: string;
  /** Where the case stands among its file's cases, for matrices whose rows list themselves (hostile). */
  readonly order?: number;
}

/** Replaces what changes from run to run (times, ports, ids, hex names) so that the doc is stable. */
export function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?/g, '<time>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\b\d+(?:\.\d+)? ms\b/g, '<n> ms')
    .replace(/\b(gha-\d+-\d+-)[0-9a-f]{6}\b/g, '$1<hex>')
    .replace(/x-github-request-id: [0-9A-Fa-f:]+/g, 'x-github-request-id: <request-id>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Records one row when `RELIABILITY_OUT` is set; does nothing otherwise. */
export function recordRow(row: Row): void {
  const dir = process.env['RELIABILITY_OUT'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const id = createHash('sha256').update(`${row.matrix}\n${row.case}`).digest('hex').slice(0, 16);
  writeFileSync(join(dir, `${row.matrix}-${id}.json`), JSON.stringify({ ...row, message: normalise(row.message) }));
}
