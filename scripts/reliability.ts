/**
 * Regenerates docs/RELIABILITY.md: runs the matrices in test/matrix and the hostile suite in test/hostile with
 * RELIABILITY_OUT set (each test records its row there), then renders the rows. Fails, writing nothing, if any matrix test fails or a
 * case has no row. Run with `npm run reliability` (Node 24 runs this TypeScript directly).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matrixSections } from '../test/matrix/cases.ts';
import type { Row } from '../test/matrix/support/record.ts';
import { renderReliability } from '../test/matrix/support/render.ts';

const root = new URL('../', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'reliability-'));
try {
  const vitest = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/matrix', 'test/hostile'], {
    cwd: root,
    env: { ...process.env, RELIABILITY_OUT: out },
    stdio: 'inherit',
  });
  if (vitest.status !== 0) {
    console.error('reliability: a matrix test failed; docs/RELIABILITY.md was not written');
    process.exit(1);
  }
  const rows = readdirSync(out).map((file) => JSON.parse(readFileSync(join(out, file), 'utf8')) as Row);
  const markdown = renderReliability(matrixSections(), rows);
  writeFileSync(join(root, 'docs/RELIABILITY.md'), markdown);
  console.log(`reliability: wrote docs/RELIABILITY.md (${rows.length} rows)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
