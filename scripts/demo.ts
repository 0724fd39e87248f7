// npm run demo: the bundled action against a local ZenML-compatible server and a local GitHub-API-compatible
// server, both on loopback. It creates a service account and key, then rotates the key with a retention
// window, and shows what a workflow would see. Keys are printed only as fingerprints.
// `npm run demo -- --zenml 0.74` picks the ZenML server generation (0.58, 0.74 or 0.9x; default 0.58).
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startFakeGitHub } from '../test/fakes/github-server.ts';
import { GENERATIONS, parseGeneration, startFakeZenml } from '../test/fakes/zenml-server.ts';
import { runStep, type StepRun } from '../test/support/run-step.ts';
import { showStep } from './show-step.ts';

const TOKEN = 'github_pat_demo_token';
const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text);
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const fingerprint = (key: string) => `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

const { values, positionals } = parseArgs({ options: { zenml: { type: 'string' } }, allowPositionals: true });
// `npm run demo --zenml 0.74` (without `--`) hands `--zenml` to npm and only `0.74` to us: take it.
const wanted = values.zenml ?? positionals[0] ?? '0.58';
const generation = parseGeneration(wanted);
if (generation === undefined) {
  console.error(`npm run demo: --zenml must be one of ${GENERATIONS.join(', ')}, not '${wanted}'`);
  process.exit(2);
}
const zenml = await startFakeZenml({ generation, adminName: 'admin', adminPassword: 'demo-admin-password' });
const github = await startFakeGitHub({ token: TOKEN, repositories: ['acme/ml-pipelines'] });

try {
  console.log(bold('ZenML service-account action: demo against local servers'));
  console.log(dim(`ZenML-compatible server (${generation} behaviour): ${zenml.url}`));
  console.log(dim(`GitHub-API-compatible server:            ${github.url}\n`));

  const inputs = {
    'server-url': zenml.url,
    username: 'admin',
    password: 'demo-admin-password',
    'service-account': 'ci-deployer',
    repository: 'acme/ml-pipelines',
    'github-token': TOKEN,
    'github-api-url': github.url,
  };

  const created = await step('1. create: a service account and its first key, stored as a secret', { ...inputs, command: 'create' });
  const rotated = await step('2. rotate: a new key; the previous one stays valid for 60 minutes', { ...inputs, command: 'rotate', 'retain-minutes': '60' });

  const first = created.env['ZENML_STORE_API_KEY'] ?? '';
  const second = rotated.env['ZENML_STORE_API_KEY'] ?? '';
  const stored = github.secret('repository:acme/ml-pipelines', 'ZENML_STORE_API_KEY');
  console.log(bold('3. What GitHub holds'));
  console.log(`   secret ZENML_STORE_API_KEY of acme/ml-pipelines, decrypted with the local GitHub server's private key:`);
  console.log(`   ${fingerprint(stored?.plaintext ?? '')}  (written ${stored?.writes ?? 0} times)`);
  console.log(`   the key rotate exported:    ${fingerprint(second)}  ${stored?.plaintext === second ? 'matches' : 'DOES NOT MATCH'}`);
  console.log(`   the new key logs in:        ${zenml.keyLogsIn(second) ? 'yes' : 'NO'}`);
  console.log(`   the previous key logs in:   ${zenml.keyLogsIn(first) ? `yes, until ${rotated.outputs['previous-key-valid-until']}` : 'no'}`);
  const ok = created.code === 0 && rotated.code === 0 && stored?.plaintext === second && zenml.keyLogsIn(second) && zenml.keyLogsIn(first);
  console.log(`\n${ok ? 'Demo finished: the stored secret is the key that now logs in.' : 'Demo FAILED: see above.'}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await Promise.all([zenml.close(), github.close()]);
}

/** Runs the bundled action once and prints the log as the runner shows it (masked), the exports, outputs and summary. */
async function step(title: string, inputs: Record<string, string>): Promise<StepRun> {
  console.log(bold(title));
  const run = await runStep(inputs, { env: { GITHUB_REPOSITORY: 'acme/ml-pipelines', GITHUB_API_URL: github.url } });
  showStep(run);
  return run;
}
