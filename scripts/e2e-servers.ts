// The local ZenML- and GitHub-compatible servers for .github/workflows/e2e.yml (the same fakes `npm run demo`
// uses), started in the background of a real job. It prints `E2E_*=value` lines for the workflow to append to
// $GITHUB_ENV, then `ready`, and serves until the runner ends the job. The admin password and the GitHub token
// are random per run; they guard loopback servers that live for one job.
import { randomBytes } from 'node:crypto';
import { startFakeGitHub } from '../test/fakes/github-server.ts';
import { startFakeZenml } from '../test/fakes/zenml-server.ts';

const password = randomBytes(16).toString('hex');
const token = `ghs_e2e${randomBytes(16).toString('hex')}`;
const repository = 'acme/ml-pipelines';

const zenml = await startFakeZenml({ adminName: 'admin', adminPassword: password });
const github = await startFakeGitHub({ token, repositories: [repository] });

const lines = {
  E2E_ZENML_URL: zenml.url,
  E2E_ZENML_USERNAME: 'admin',
  E2E_ZENML_PASSWORD: password,
  E2E_GITHUB_API_URL: github.url,
  E2E_GITHUB_TOKEN: token,
  E2E_REPOSITORY: repository,
};
for (const [name, value] of Object.entries(lines)) console.log(`${name}=${value}`);
console.log('ready');

const stop = () => void Promise.all([zenml.close(), github.close()]).then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
