// The job summary renders every server value as text: no Markdown link or image, no HTML, no autolink that the
// server chose, whether the value is a name, a description, an id, a date, a version or an error detail.
import { expect } from 'vitest';
import { hostileCases } from './support/cases.ts';
import { MARK, MARKDOWN, rewriteFields } from './support/payloads.ts';
import { errorLine, runStep, startHostileWorld } from './support/world.ts';

/**
 * The Markdown of a summary with its code spans taken out (CommonMark: a run of n backticks up to the next run of
 * exactly n): what is left is what GitHub would interpret. Table pipes escaped as `\|` count as inside.
 */
export function outsideCodeSpans(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; ) {
    const run = /^`+/.exec(markdown.slice(i))?.[0];
    if (!run) {
      out += markdown[i];
      i += 1;
      continue;
    }
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    close.lastIndex = i + run.length;
    const end = close.exec(markdown);
    if (!end) {
      out += run;
      i += run.length;
      continue;
    }
    i = end.index + run.length;
    out += '<code/>';
  }
  return out;
}

const markdownEverywhere = (fields: string[]) => ({ kind: 'rewrite', edit: (json: unknown) => rewriteFields(json, fields, (old) => `${old} ${MARKDOWN} \`\` \` https://evil.example/${MARK}`) }) as const;

function expectNothingRenders(summary: string): void {
  expect(summary).toContain(MARK);
  const interpreted = outsideCodeSpans(summary);
  expect(interpreted).not.toContain(MARK);
  expect(interpreted).not.toMatch(/evil\.example|<img|<b>|\]\(/);
  // Each table row keeps its two cells: no value closed a cell or a row.
  for (const line of summary.split('\n').filter((l) => l.startsWith('| '))) expect(outsideCodeSpans(line).split(/(?<!\\)\|/).length, line).toBeLessThanOrEqual(8);
}

hostileCases(import.meta.url, {
  'describe: Markdown, HTML and links in names, descriptions, ids, dates and the version': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/(info|service_accounts\/[^/]+\/api_keys)$/, lie: markdownEverywhere(['name', 'id', 'created', 'last_login', 'last_rotated', 'version']) });
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts\/[^/]+$/, lie: markdownEverywhere(['name', 'description', 'created']) });
      const run = await runStep({ ...world.inputs, command: 'describe' });
      expect(run.code, run.stdout).toBe(0);
      expectNothingRenders(run.summary);
      return { held: 'exit 0; every server value in the summary is a code span: no link, image or HTML renders' };
    } finally {
      await world.close();
    }
  },
  'a failure whose error detail is Markdown and HTML': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts\/[^/]+$/, lie: { kind: 'answer', status: 404, body: JSON.stringify({ detail: ['KeyError', `${MARKDOWN} \`\`\` | https://evil.example/${MARK}`] }) } });
      const run = await runStep({ ...world.inputs, command: 'describe' });
      expect(run.code).toBe(1);
      expectNothingRenders(run.summary);
      return { held: 'exit 1; the failure summary shows the detail as a code span', message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
});
