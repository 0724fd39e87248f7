// Packs the zenml-sa CLI as its own npm package: `node scripts/pack-cli.ts [--out DIR]` (npm run pack:cli) writes
// zenml-sa-VERSION.tgz into DIR (default: the current folder) and prints its path. The repository's own package.json
// describes the action and the development set-up (its dependencies are what src/ imports, all bundled into dist/);
// the CLI's tarball is the ncc bundle (dist/cli.js and its chunks in dist/cli/), README and LICENSE, under a generated
// manifest with no dependencies. Run `npm run build` first: it packs the committed dist/, as users get it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * Returns the Node.js range the packed CLI runs on: the repository's own `engines`, one claim for the bundle whichever
 * way it is installed (test/cli/node-versions.test.ts runs it on every Node the machine has; ci.yml's `cli` matrix
 * installs the tarball on each line from the floor up).
 */
export function cliEngines(): string {
  const { engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  if (!engines?.node) throw new Error("package.json has no engines.node: the CLI's range comes from it");
  return engines.node;
}

/** Returns the CLI package's manifest for the repository's version. */
export function cliManifest(version: string): Record<string, unknown> {
  return {
    name: 'zenml-sa',
    version,
    description: 'zenml-sa: manage ZenML service accounts and their API keys, and store keys as encrypted GitHub secrets.',
    license: 'Apache-2.0',
    type: 'module',
    bin: { 'zenml-sa': 'dist/cli.js' },
    files: ['dist/cli.js', 'dist/cli/'],
    engines: { node: cliEngines() },
    keywords: ['zenml', 'service-account', 'api-key', 'github-secrets', 'cli'],
  };
}

/** Stages the CLI package in a temp folder, packs it into `out`, and returns the tarball's path. */
export function packCli(out: string): string {
  for (const path of ['dist/cli.js', 'dist/cli/index.js', 'README.md', 'LICENSE']) {
    if (!existsSync(join(root, path))) throw new Error(`${path} is missing: run npm run build (and keep LICENSE)`);
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const stage = mkdtempSync(join(tmpdir(), 'zenml-sa-pack-'));
  try {
    mkdirSync(join(stage, 'dist'));
    cpSync(join(root, 'dist', 'cli.js'), join(stage, 'dist', 'cli.js'));
    cpSync(join(root, 'dist', 'cli'), join(stage, 'dist', 'cli'), { recursive: true });
    cpSync(join(root, 'README.md'), join(stage, 'README.md'));
    cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(cliManifest(version), null, 2)}\n`);
    mkdirSync(out, { recursive: true });
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
    ) as { filename: string }[];
    return join(out, packed[0]!.filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--out');
  try {
    console.log(packCli(resolve(at > 0 ? (process.argv[at + 1] ?? '.') : '.')));
  } catch (error) {
    console.error(`pack-cli: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
