// Builds dist/ from src/: tsc emits plain ESM JavaScript into build/, then ncc bundles each entry point.
// ncc is given JavaScript, not TypeScript, because its ts-loader cannot drive the native TypeScript 7
// compiler. Each entry gets its own folder because ncc splits lazily imported modules (the GitHub client,
// libsodium) into chunk files next to the bundle, and chunks of different entries must not mix.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

const entries = [
  { source: 'build/action/main.js', folder: 'dist' }, // action.yml: main: dist/index.js
  { source: 'build/action/post.js', folder: 'dist/post' }, // action.yml: post: dist/post/index.js
  { source: 'build/cli/bin.js', folder: 'dist/cli' }, // dist/cli.js below starts it
];

rmSync(join(root, 'build'), { recursive: true, force: true });
rmSync(join(root, 'dist'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
for (const { source, folder } of entries) {
  run(bin('ncc'), ['build', source, '-o', folder, '--quiet', '--no-source-map-register', '--target', 'es2023']);
}
// `node dist/cli.js` and the package's `bin` entry.
const cli = join(root, 'dist', 'cli.js');
writeFileSync(cli, "#!/usr/bin/env node\nimport './cli/index.js';\n");
chmodSync(cli, 0o755);
rmSync(join(root, 'build'), { recursive: true, force: true });
