import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A user's clone has nothing beside it: every file the project runs (tests, scripts, CI, the build) must read
// only files inside the repository. .ci/run proves it by running in a fresh clone in an empty temp folder; this
// check names the offending line at once, in every `npm test`.
const root = fileURLToPath(new URL('../../', import.meta.url));
const scanned = ['test', 'scripts', 'src', '.ci', '.github', 'vitest.config.ts', 'package.json', 'action.yml'];

function* files(path: string): Generator<string> {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path)) if (entry !== 'node_modules') yield* files(join(path, entry));
}

/** Returns each relative path written in the text that, taken from the file's own folder, leaves the repository. */
function outsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  for (const [, path] of text.matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)/g)) {
    const target = resolve(dirname(file), path!);
    if (target !== root.replace(/\/$/, '') && !target.startsWith(root)) found.push(path!);
  }
  // Absolute paths into the development machine's layout (the worktrees and the shared reference folder).
  for (const [path] of text.matchAll(/\/work\/[\w./-]*/g)) found.push(path);
  return found;
}

describe('the repository is self-contained', () => {
  const all = scanned.flatMap((path) => [...files(join(root, path))]);

  it('scans the project files', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContain(join(root, 'test', 'github', 'seal.test.ts'));
  });

  it('no test, script, source or CI file refers to a path outside the repository', () => {
    const offences = all.flatMap((file) =>
      outsideReferences(file, readFileSync(file, 'utf8')).map((path) => `${relative(root, file).split(sep).join('/')}: ${path}`),
    );
    expect(offences).toEqual([]);
  });

  it('catches the reference the seal test used to make (the check can fail)', () => {
    // Built from parts so that this file does not trip its own check.
    const seal = join(root, 'test', 'github', 'seal.test.ts');
    const old = ['..', '..', '..', 'shared', 'vectors', 'sealed-box.json'].join('/');
    const absolute = ['', 'work', 'shared', 'vectors', 'sealed-box.json'].join('/');
    expect(outsideReferences(seal, `new URL('${old}', import.meta.url)`)).toEqual([old]);
    expect(outsideReferences(seal, "new URL('../fixtures/sealed-box/vectors.json', import.meta.url)")).toEqual([]);
    expect(outsideReferences(seal, `readFileSync('${absolute}')`)).toEqual([absolute]);
  });
});
