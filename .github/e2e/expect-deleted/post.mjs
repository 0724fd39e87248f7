// Runs after the ephemeral step's post step (post steps run in reverse order): the key it deleted must be refused.
import { check } from '../check.mjs';

const failures = await check(['--deleted', 'ZENML_STORE_API_KEY'], process.env);
for (const failure of failures) console.log(`::error::${failure}`);
process.exitCode = failures.length > 0 ? 1 : 0;
