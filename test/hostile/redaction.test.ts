// A server or proxy that echoes the request back in an error detail gets no secret into the log, in any form:
// raw, encodeURIComponent, form-urlencoded (`+` for space, `!'()~` escaped), a key's base64 body and its inner
// secret; not cut in half by truncation, not with its whitespace collapsed; and a key or token nobody registered
// (a new key the server puts into an error) is hidden by its shape. The runner gets the same forms as masks.
import { expect } from 'vitest';
import { hostileCases } from './support/cases.ts';
import { everyForm, formEncode } from './support/payloads.ts';
import { startLiar } from './support/liar.ts';
import { errorLine, expectNoSecretForm, PASSWORD, runCli, runStep, startHostileWorld, TOKEN } from './support/world.ts';

/** A workflow command's data as the runner reads it. */
const unescapeData = (data: string) => data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

const MAX_DETAIL = 400; // src/zenml/errors.ts cuts a detail after this many characters

/** A detail whose cut (at MAX_DETAIL) falls two characters before the end of `form`. */
const cutThrough = (form: string) => `${'.'.repeat(MAX_DETAIL - form.length + 2)}${form}`;

/** A key the server made up and never showed before, and a JWT: only their shape can hide them. */
const UNREGISTERED_KEY = `ZENKEY_${Buffer.from(JSON.stringify({ id: '3f0c1a52-5d7e-4b8a-9c61-2e4f7a9b0d13', key: 'f'.repeat(64) })).toString('base64')}`;
const UNREGISTERED_JWT = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"sub":"3f0c1a52","iss":"zenml"}').toString('base64url')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;

hostileCases(import.meta.url, {
  'action: the login answer echoes the request (password with spaces and !\'()~) in every encoding': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'POST', path: /\/login$/, lie: { kind: 'echo', status: 401 } });
      const run = await runStep({ ...world.inputs, command: 'describe' });
      expect(run.code).toBe(1);
      const forms = expectNoSecretForm(run, world.secrets);
      // The runner hides the same forms in everything it shows (later steps too).
      const masks = run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::')).map((l) => unescapeData(l.slice(12)));
      for (const form of everyForm(PASSWORD)) expect(masks).toContain(form);
      return { held: `exit 1; none of ${forms} forms of the password, token and key in any output; every form of the password masked`, message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
  'action: the login answer echoes an API key (raw, encoded, base64 body, inner secret)': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'POST', path: /\/login$/, lie: { kind: 'echo', status: 401 } });
      const run = await runStep({ 'server-url': world.liar.url, 'api-key': world.key, command: 'connect' });
      expect(run.code).toBe(1);
      const forms = expectNoSecretForm(run, [world.key]);
      return { held: `exit 1; none of ${forms} forms of the key in any output`, message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
  'action: an echo long enough that the cut falls inside the secret': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'POST', path: /\/login$/, lie: { kind: 'echo', status: 401, detail: () => cutThrough(formEncode(PASSWORD)) } });
      const run = await runStep({ ...world.inputs, command: 'describe' });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toContain('.'.repeat(100));
      const forms = expectNoSecretForm(run, [PASSWORD], { cut: 4 });
      return { held: `exit 1; redacted before the cut: no part of the password (${forms} forms and prefixes checked)`, message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
  'action: an error detail hands back a key and a token nobody registered': async () => {
    const world = await startHostileWorld();
    try {
      const detail = `rotation failed; your new key is ${UNREGISTERED_KEY} (${encodeURIComponent(UNREGISTERED_KEY)}) and token ${UNREGISTERED_JWT}`;
      world.liar.lie({ method: 'GET', path: /^\/api\/v1\/service_accounts\/[^/]+$/, lie: { kind: 'answer', status: 404, body: JSON.stringify({ detail }) } });
      const run = await runStep({ ...world.inputs, command: 'describe' });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toContain('rotation failed');
      const forms = expectNoSecretForm(run, [UNREGISTERED_KEY, UNREGISTERED_JWT]);
      return { held: `exit 1; the key and the JWT are hidden by their shape (${forms} forms checked)`, message: errorLine(run) };
    } finally {
      await world.close();
    }
  },
  'cli: the login answer echoes the password in every encoding, cut inside it too (inside a job)': async () => {
    const world = await startHostileWorld();
    try {
      world.liar.lie({ method: 'POST', path: /\/login$/, times: 1, lie: { kind: 'echo', status: 401 } });
      world.liar.lie({ method: 'POST', path: /\/login$/, lie: { kind: 'echo', status: 401, detail: () => cutThrough(formEncode(PASSWORD)) } });
      const env = { ZENML_STORE_URL: world.liar.url, ZENML_STORE_USERNAME: 'admin', ZENML_STORE_PASSWORD: PASSWORD, GITHUB_ACTIONS: 'true' };
      const runs = [await runCli(['service-account', 'list'], env), await runCli(['service-account', 'list'], env)];
      expect(runs.map((r) => r.code)).toEqual([1, 1]);
      let forms = 0;
      for (const run of runs) forms += expectNoSecretForm(run, [PASSWORD], { cut: 4 });
      return { held: `exit 1; no form or part of the password on stdout or stderr (${forms} checked)`, message: runs[0]!.stderr.trim().split('\n').at(-1) ?? '' };
    } finally {
      await world.close();
    }
  },
  'action: GitHub (or a proxy in front of it) echoes the token in a long text answer, cut inside it': async () => {
    const world = await startHostileWorld();
    const github = await startLiar(world.github.url);
    try {
      // A text answer (octokit keeps it as a string) that echoes the token where GitHub's 500-character cut falls.
      const body = `${'.'.repeat(500 - 'Authorization: token '.length - TOKEN.length + 3)}Authorization: token ${TOKEN} and more after it`;
      github.lie({ method: 'GET', path: /public-key$/, lie: { kind: 'answer', status: 400, body, headers: { 'content-type': 'text/plain' } } });
      const run = await runStep({ ...world.inputs, 'github-api-url': github.url, command: 'rotate', 'api-key-name': 'github-actions' });
      expect(run.code).toBe(1);
      expect(github.lied.length).toBeGreaterThan(0);
      const forms = expectNoSecretForm(run, [TOKEN], { cut: 4 });
      expect(world.zenml.requests.some((r) => r.path.endsWith('/rotate')), 'refused before the rotation').toBe(false);
      return { held: `exit 1 before the rotation; no form or part of the token (${forms} checked): the answer is cut between words`, message: errorLine(run) };
    } finally {
      await Promise.all([github.close(), world.close()]);
    }
  },
});
