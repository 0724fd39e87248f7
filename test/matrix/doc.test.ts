// docs/RELIABILITY.md is generated (`npm run reliability`); this checks that it is current: it lists
// exactly the cases the matrices define, in their order, each with an outcome.
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { matrixSections } from './cases.ts';
import { casesInDoc } from './support/render.ts';

const doc = new URL('../../docs/RELIABILITY.md', import.meta.url);

// While `npm run reliability` is regenerating the doc, the old one may well be stale.
it.skipIf(Boolean(process.env['RELIABILITY_OUT']))('docs/RELIABILITY.md lists exactly the cases the matrices define (regenerate with npm run reliability)', () => {
  const text = readFileSync(doc, 'utf8');
  const listed = casesInDoc(text);
  const sections = matrixSections();
  expect([...listed.keys()]).toEqual(sections.map((s) => s.title));
  for (const section of sections) {
    if (section.cases !== 'from-rows') {
      expect(listed.get(section.title), section.title).toEqual(section.cases);
      continue;
    }
    // Hostile cases are declared by their files, and each file checks its own rows (test/hostile/support/cases.ts):
    // here, only that every file the doc names still exists, so that a deleted file's rows do not linger.
    for (const name of listed.get(section.title) ?? []) {
      const topic = name.split(': ')[0]!;
      expect(existsSync(new URL(`../hostile/${topic}.test.ts`, import.meta.url)), `${name}: no test/hostile/${topic}.test.ts`).toBe(true);
    }
  }
  // Every row has an outcome, and nothing in it changes from run to run.
  for (const line of text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| case |') && !l.startsWith('| matrix |'))) {
    const cells = line.split(/(?<!\\)\|/);
    if (cells.length < 5) continue;
    expect(cells[2]!.trim(), line).not.toBe('');
  }
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  expect(text).not.toMatch(/127\.0\.0\.1:\d/);
});
