// Checks, from a later step of e2e.yml, what the action handed on: ZENML_STORE_URL is the local ZenML server's URL,
// and each named variable holds a key that logs in (or, after --deleted, a key that no longer does). It asks the
// server's login endpoint directly, not through the project's own client, and never prints a value.
//   node .github/e2e/check.mjs ZENML_STORE_API_KEY E2E_PREVIOUS_KEY
//   node .github/e2e/check.mjs --deleted ZENML_STORE_API_KEY
import process from 'node:process';

/** Whether the server accepts this API key at its login endpoint (200 with a token; 401 is a refusal). */
export async function logsIn(url, key) {
  const response = await fetch(new URL('/api/v1/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'zenml-api-key', password: key }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 200 && typeof body.access_token === 'string' && body.access_token !== '') return true;
  if (response.status === 401) return false;
  throw new Error(`login answered ${response.status}, expected 200 or 401`);
}

/** Runs the checks the arguments name; returns the failures, one line each. */
export async function check(args, env) {
  const failures = [];
  const deleted = args[0] === '--deleted';
  const names = deleted ? args.slice(1) : args;
  const url = env.ZENML_STORE_URL ?? '';
  if (url === '' || url.replace(/\/$/, '') !== (env.E2E_ZENML_URL ?? '').replace(/\/$/, '')) {
    failures.push(`ZENML_STORE_URL is '${url}', expected the local server's URL '${env.E2E_ZENML_URL}'`);
    return failures;
  }
  console.log(`ZENML_STORE_URL is the local server's URL`);
  for (const name of names) {
    const key = env[name] ?? '';
    if (key === '') {
      failures.push(`${name} is empty or not set`);
      continue;
    }
    const ok = await logsIn(url, key);
    if (ok === deleted) failures.push(`${name} ${deleted ? 'still logs in after the post step' : 'does not log in'}`);
    else console.log(`${name} ${deleted ? 'no longer logs in' : 'logs in'}`);
  }
  return failures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const failures = await check(process.argv.slice(2), process.env);
  for (const failure of failures) console.log(`::error::${failure}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}
