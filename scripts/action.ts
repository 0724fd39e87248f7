// npm run action -s -- --command create --service-account ci-deployer [--any-input value ...]
//
// Runs the bundled action (dist/index.js, and dist/post/index.js after `ephemeral`) once, the way the runner
// does (inputs as INPUT_* variables, the GITHUB_ENV/OUTPUT/STATE/STEP_SUMMARY files), against the servers named
// by the variables `npm run fakes` prints, and shows what a workflow would see, masked values hidden.
// Inputs not given come from ZENML_STORE_URL, ZENML_STORE_USERNAME/PASSWORD (or ZENML_STORE_API_KEY),
// GITHUB_TOKEN, GITHUB_API_URL and GITHUB_REPOSITORY.
import { actionDefaults, runStep } from '../test/support/run-step.ts';
import { showStep } from './show-step.ts';

const inputs: Record<string, string> = {};
const args = process.argv.slice(2);
const known = new Set(Object.keys(actionDefaults()));
for (let i = 0; i < args.length; i += 1) {
  const name = /^--([a-z-]+)$/.exec(args[i] ?? '')?.[1];
  const value = args[i + 1];
  if (name === undefined || !known.has(name) || value === undefined) {
    process.stderr.write(`npm run action: expected --INPUT VALUE pairs with inputs of action.yml (${[...known].join(', ')}), got '${args[i]}'\n`);
    process.exit(2);
  }
  inputs[name] = value;
  i += 1;
}
const env = process.env;
const fromEnv: Record<string, string | undefined> = {
  'server-url': env['ZENML_STORE_URL'],
  ...(inputs['api-key'] || inputs['username'] || !env['ZENML_STORE_USERNAME']
    ? { 'api-key': env['ZENML_STORE_API_KEY'] }
    : { username: env['ZENML_STORE_USERNAME'], password: env['ZENML_STORE_PASSWORD'] }),
  'github-token': env['GITHUB_TOKEN'],
};
for (const [name, value] of Object.entries(fromEnv)) if (value && inputs[name] === undefined) inputs[name] = value;
const stepEnv = { GITHUB_REPOSITORY: env['GITHUB_REPOSITORY'] ?? 'acme/app', ...(env['GITHUB_API_URL'] ? { GITHUB_API_URL: env['GITHUB_API_URL'] } : {}) };

const run = await runStep(inputs, { env: stepEnv });
console.log(`main step (${inputs['command'] ?? 'connect'}):`);
showStep(run);
let code = run.code ?? 1;
if ((inputs['command'] ?? '') === 'ephemeral' && code === 0) {
  // The runner runs the post step at the end of the job: here, at once.
  const post = await runStep(inputs, { entry: 'post/index.js', env: stepEnv, state: run.state });
  console.log('post step (at the end of the job):');
  showStep(post);
  code = post.code ?? 1;
}
process.exitCode = code;
