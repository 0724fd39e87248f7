// npm run fakes -s -- [--zenml 0.58|0.74|0.9x] [--zenml-port N] [--github-port N]
//
// Starts the local ZenML and GitHub fakes (the ones the tests and `npm run demo` use) in the foreground, on
// loopback, until SIGINT or SIGTERM, so that the CLI and the bundled action can be driven against them by hand
// or by a workflow. Everything it prints on stdout is a shell script: comments, then `export` lines, so that
// `npm run fakes -s > fakes.env &` and, once the file ends with "# ready", `. ./fakes.env` works.
import { parseArgs } from 'node:util';
import { startFakeGitHub, type FakeGitHub } from '../test/fakes/github-server.ts';
import { GENERATIONS, parseGeneration, startFakeZenml, type FakeZenml } from '../test/fakes/zenml-server.ts';

// Fixed and printed: these servers hold nothing but what is made in them, and die with the process.
const ADMIN = { username: 'admin', password: 'fakes-admin-password' };
const GITHUB_TOKEN = 'github_pat_fakes_local_token';
const REPOSITORIES = ['acme/app', 'acme/lib'];

function usage(problem?: string): never {
  if (problem) process.stderr.write(`npm run fakes: ${problem}\n`);
  process.stderr.write(`usage: npm run fakes -s -- [--zenml ${GENERATIONS.join('|')}] [--zenml-port N] [--github-port N]\n`);
  process.exit(problem ? 2 : 0);
}

function port(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) usage(`--${name} must be a port number (1-65535), not '${text}'`);
  return value;
}

let values: { zenml?: string; 'zenml-port'?: string; 'github-port'?: string; help?: boolean };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: { zenml: { type: 'string' }, 'zenml-port': { type: 'string' }, 'github-port': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (values.help) usage();
// `npm run fakes --zenml 0.74` (without `--`) hands `--zenml` to npm and only `0.74` to us: take it.
if (positionals.length > 1) usage(`unexpected arguments: ${positionals.join(' ')}`);
const wanted = values.zenml ?? positionals[0] ?? '0.58';
const generation = parseGeneration(wanted) ?? usage(`--zenml must be one of ${GENERATIONS.join(', ')}, not '${wanted}'`);
const zenmlPort = port('zenml-port', values['zenml-port']);
const githubPort = port('github-port', values['github-port']);

let zenml: FakeZenml | undefined;
let github: FakeGitHub | undefined;
try {
  zenml = await startFakeZenml({ generation, adminName: ADMIN.username, adminPassword: ADMIN.password, ...(zenmlPort ? { port: zenmlPort } : {}) });
  github = await startFakeGitHub({
    token: GITHUB_TOKEN,
    repositories: REPOSITORIES,
    environments: { 'acme/app': ['prod'] },
    organizations: ['acme'],
    ...(githubPort ? { port: githubPort } : {}),
  });
} catch (error) {
  await Promise.all([zenml?.close(), github?.close()]);
  process.stderr.write(`npm run fakes: could not start the servers: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all([zenml?.close(), github?.close()]);
  process.stderr.write(`npm run fakes: stopped (${signal})\n`);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// npm does not pass a SIGTERM on to the script it runs: when `npm run fakes` is killed, this process is
// orphaned (re-parented). Stop then too, so that killing either process stops the servers.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop('npm exited');
}, 500).unref();

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
process.stdout.write(
  [
    `# Local ZenML (${generation} behaviour, version ${zenml.version}) and GitHub servers on loopback, until Ctrl-C.`,
    `# ZenML:  ${zenml.url}  admin login: ${ADMIN.username} / ${ADMIN.password}`,
    `# GitHub: ${github.url}  token: ${GITHUB_TOKEN}`,
    `#         repositories ${REPOSITORIES.join(', ')} (acme/app has environment prod), organization acme`,
    '# Paste into a shell (or source this output) to point the CLI and the bundled action at them:',
    `export ZENML_STORE_URL=${quote(zenml.url)}`,
    `export ZENML_STORE_USERNAME=${quote(ADMIN.username)}`,
    `export ZENML_STORE_PASSWORD=${quote(ADMIN.password)}`,
    `export GITHUB_API_URL=${quote(github.url)}`,
    `export GITHUB_TOKEN=${quote(GITHUB_TOKEN)}`,
    `export GITHUB_REPOSITORY=${quote(REPOSITORIES[0]!)}`,
    '# Then, for example:',
    '#   node dist/cli.js service-account create ci-deployer --secret-name ZENML_STORE_API_KEY',
    '#   npm run action -s -- --command rotate --service-account ci-deployer --api-key-name default --retain-minutes 30',
    '# ready',
    '',
  ].join('\n'),
);

