// Builds dist/ from src/: tsc emits plain ESM JavaScript into build/, then ncc bundles each entry point.
// ncc is given JavaScript, not TypeScript, because its ts-loader cannot drive the native TypeScript 7 compiler.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

const entries = [
  { source: 'build/action/main.js', output: 'index.js' },
  { source: 'build/action/post.js', output: 'post.js' },
  { source: 'build/cli/bin.js', output: 'cli.js' },
];

rmSync(join(root, 'build'), { recursive: true, force: true });
rmSync(join(root, 'dist'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
mkdirSync(join(root, 'dist'));

for (const { source, output } of entries) {
  const out = mkdtempSync(join(tmpdir(), 'ncc-'));
  run(bin('ncc'), ['build', source, '-o', out, '--quiet', '--no-source-map-register', '--target', 'es2023']);
  const files = readdirSync(out).filter((f) => f !== 'package.json');
  if (files.length !== 1 || files[0] !== 'index.js') {
    throw new Error(`ncc produced ${files.join(', ')} for ${source}; expected a single index.js`);
  }
  renameSync(join(out, 'index.js'), join(root, 'dist', output));
  rmSync(out, { recursive: true, force: true });
}
// The bundles are ES modules; this marks them so for Node whatever the consumer's package.json says.
writeFileSync(join(root, 'dist', 'package.json'), '{\n  "type": "module"\n}\n');
const cli = join(root, 'dist', 'cli.js');
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`, { mode: 0o755 });
rmSync(join(root, 'build'), { recursive: true, force: true });
