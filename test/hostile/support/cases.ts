/**
 * How a hostile test file declares its cases: `hostileCases(import.meta.url, { 'attack': async () => held })`.
 * Each file owns its cases (no shared list to edit): every case becomes a test named `<topic>: <attack>` (the topic
 * is the file name without `.test.ts`), records its row of the "hostile" matrix for docs/RELIABILITY.md, and the
 * file gets one more test that checks the doc lists exactly its cases, in order (test/matrix/doc.test.ts checks
 * that every topic in the doc still has its file).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostileCasesInDoc } from '../../matrix/support/render.ts';
import { recordRow } from '../../matrix/support/record.ts';

/** What held against the attack, in words that stay the same from run to run, and the error line if any. */
export interface Held {
  readonly held: string;
  readonly message?: string;
}

export type HostileCase = () => Promise<Held>;

const doc = new URL('../../../docs/RELIABILITY.md', import.meta.url);

/** The topic of a hostile test file: `test/hostile/redirects.test.ts` is `redirects`. */
export function topicOf(fileUrl: string): string {
  return basename(fileURLToPath(fileUrl)).replace(/\.test\.ts$/, '');
}

/** Registers the cases of one hostile test file (pass `import.meta.url`), run concurrently. */
export function hostileCases(fileUrl: string, cases: Readonly<Record<string, HostileCase>>): void {
  const topic = topicOf(fileUrl);
  const names = Object.keys(cases).map((attack) => `${topic}: ${attack}`);
  describe.concurrent(topic, () => {
    Object.entries(cases).forEach(([attack, run], order) => {
      it(attack, async () => {
        const held = await run();
        expect(held.held, 'a hostile case says what held').not.toBe('');
        recordRow({ matrix: 'hostile', case: `${topic}: ${attack}`, outcome: held.held, message: held.message ?? '', order });
      });
    });
  });
  // While `npm run reliability` regenerates the doc, the old one may well be stale.
  it.skipIf(Boolean(process.env['RELIABILITY_OUT']))(`docs/RELIABILITY.md lists the ${topic} cases (regenerate with npm run reliability)`, () => {
    const listed = hostileCasesInDoc(readFileSync(doc, 'utf8')).filter((name) => name.startsWith(`${topic}: `));
    expect(listed).toEqual(names);
  });
}
