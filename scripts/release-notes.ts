// Prints the release notes for a version tag (`node scripts/release-notes.ts v1.2.3`): the tag must be
// package.json's version, and CHANGELOG.md must have a `## [1.2.3] - YYYY-MM-DD` section, whose body is printed.
// release.yml runs it before anything is published, so a tag without notes or with the wrong version fails early.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Returns the body of CHANGELOG.md's section for this version, or throws a one-line reason. */
export function releaseNotes(changelog: string, tag: string, packageVersion: string): string {
  const match = /^v(\d+\.\d+\.\d+)$/.exec(tag);
  if (!match) throw new Error(`tag '${tag}' is not a release tag like v1.2.3`);
  const version = match[1]!;
  if (version !== packageVersion) throw new Error(`tag ${tag} but package.json's version is ${packageVersion}: bump it, or tag v${packageVersion}`);
  const sections = changelog.split(/^(?=## )/m);
  const heading = new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}\\s*$`, 'm');
  const section = sections.find((s) => heading.test(s.split('\n')[0]!));
  if (!section) throw new Error(`CHANGELOG.md has no section '## [${version}] - YYYY-MM-DD': move the Unreleased notes under it`);
  const body = section.split('\n').slice(1).join('\n').replace(/^\[[^\]]+\]: .*$/gm, '').trim();
  if (body === '') throw new Error(`CHANGELOG.md's section for ${version} is empty`);
  return `${body}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = new URL('../', import.meta.url);
  try {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
    process.stdout.write(releaseNotes(readFileSync(new URL('CHANGELOG.md', root), 'utf8'), process.argv[2] ?? '', pkg.version));
  } catch (error) {
    console.error(`release-notes: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
