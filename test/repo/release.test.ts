// The files a team reads before adopting (LICENSE, SECURITY.md, CHANGELOG.md, CONTRIBUTING.md), and the release
// notes that release.yml publishes from CHANGELOG.md.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { releaseNotes } from '../../scripts/release-notes.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; license: string; scripts: Record<string, string> };

describe('the files a team checks before adopting', () => {
  it('LICENSE is the Apache License 2.0, verbatim, as package.json says', () => {
    expect(pkg.license).toBe('Apache-2.0');
    // The MD5 of https://www.apache.org/licenses/LICENSE-2.0.txt, byte for byte.
    expect(createHash('md5').update(read('LICENSE')).digest('hex')).toBe('3b83ef96387f14655fc854ddc3c6bd57');
  });

  it('SECURITY.md says how to report a vulnerability and what is and is not defended', () => {
    const text = read('SECURITY.md');
    expect(text).toContain('## Reporting a vulnerability');
    expect(text).toContain('Report a vulnerability');
    expect(text).toContain('What this project defends:');
    expect(text).toContain('What it cannot defend:');
  });

  it.each(['CONTRIBUTING.md', 'README.md'])('every npm script %s names exists', (file) => {
    const named = [...read(file).matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const script of named) expect(Object.keys(pkg.scripts), `${file} names npm run ${script}`).toContain(script);
  });

  it('CHANGELOG.md has an Unreleased section and well-formed version sections', () => {
    const text = read('CHANGELOG.md');
    const headings = [...text.matchAll(/^## (.*)$/gm)].map((m) => m[1]!);
    expect(headings[0]).toBe('[Unreleased]');
    for (const heading of headings.slice(1)) expect(heading).toMatch(/^\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/);
  });
});

describe('release notes from CHANGELOG.md', () => {
  const changelog = ['# Changelog', '', '## [Unreleased]', '', '- next', '', '## [1.2.3] - 2026-12-01', '', '### Fixed', '', '- a fix', '', '## [1.2.2] - 2026-11-01', '', '- older', '', '[1.2.3]: https://example.invalid/compare', ''].join('\n');

  it("prints the tag's section only", () => {
    expect(releaseNotes(changelog, 'v1.2.3', '1.2.3')).toBe('### Fixed\n\n- a fix\n');
    expect(releaseNotes(changelog, 'v1.2.2', '1.2.2')).toBe('- older\n');
  });

  it.each([
    ['1.2.3', '1.2.3', "tag '1.2.3' is not a release tag like v1.2.3"],
    ['v1.2.3-rc.1', '1.2.3', 'is not a release tag'],
    ['v1.2.4', '1.2.3', "tag v1.2.4 but package.json's version is 1.2.3: bump it, or tag v1.2.3"],
    ['v1.2.4', '1.2.4', "CHANGELOG.md has no section '## [1.2.4] - YYYY-MM-DD'"],
  ])('refuses %s with package.json at %s', (tag, version, message) => {
    expect(() => releaseNotes(changelog, tag, version)).toThrow(message);
  });

  it('refuses an empty section', () => {
    expect(() => releaseNotes('## [2.0.0] - 2027-01-01\n\n## [1.0.0] - 2026-01-01\n- x\n', 'v2.0.0', '2.0.0')).toThrow('is empty');
  });

  it('runs as release.yml runs it, and fails on a tag that is not the current version', async () => {
    const run = (tag: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['scripts/release-notes.ts', tag], { cwd: new URL('../../', import.meta.url), stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const wrong = await run('v99.0.0');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`release-notes: tag v99.0.0 but package.json's version is ${pkg.version}: bump it, or tag v${pkg.version}\n`);
  });
});
