// A new key that the main step could not store is not lost yet: it is exported to the rest of the job. The post step
// (which runs whatever the job's outcome) tries the store once more with it, for the targets that were not written.
// A failure that has passed by then (a GitHub outage, a rate limit) heals without anyone rotating again, which would
// end the previous key that those targets still hold.
import { createHash, randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import { errorMessage } from '../core/errors.js';
import type { FailureState } from '../commands/types.js';
import { createGitHubSecrets, describeTarget } from '../github/index.js';
import type { ActionSettings } from './inputs.js';
import type { ActionLogger } from './run.js';

export const STATE_PENDING_STORE = 'pending-store';

/** What the post step needs to store the key again; never the key (only a salted hash, to recognise it). */
interface PendingStore {
  readonly secret: string;
  readonly targets: readonly string[];
  readonly what: string;
  readonly previousValidUntil: string | null;
  readonly keyName: string;
  readonly salt: string;
  readonly hash: string;
}

function fingerprint(salt: string, key: string): string {
  return createHash('sha256').update(salt).update(key).digest('hex');
}

/** Saves the store the post step must retry, when a new key exists and some targets do not hold it. */
export function savePendingStore(settings: ActionSettings, state: FailureState | undefined): void {
  if (!state?.newKey || !settings.secretName || !settings.github) return;
  const written = new Set(state.written.map((w) => w.target));
  const targets = settings.targets.map(describeTarget).filter((label) => !written.has(label));
  if (targets.length === 0) return;
  const salt = randomBytes(16).toString('hex');
  const key = state.subject?.key;
  const pending: PendingStore = {
    secret: settings.secretName,
    targets,
    what: key && state.subject ? `API key '${key.name}' of service account '${state.subject.account.name}'` : 'the new API key',
    previousValidUntil: state.previousKeyValidUntil ?? null,
    keyName: key?.name ?? '',
    salt,
    hash: fingerprint(salt, state.newKey),
  };
  core.saveState(STATE_PENDING_STORE, JSON.stringify(pending));
}

/** The post step's part: store the exported key in the targets the main step could not write. Never throws. */
export async function retryPendingStore(readSettings: () => ActionSettings, logger: ActionLogger): Promise<void> {
  const raw = core.getState(STATE_PENDING_STORE);
  if (!raw) return;
  let pending: PendingStore;
  try {
    pending = JSON.parse(raw) as PendingStore;
    if (typeof pending.secret !== 'string' || !Array.isArray(pending.targets) || typeof pending.salt !== 'string' || typeof pending.hash !== 'string') throw new Error('bad shape');
  } catch {
    logger.warning('the post step stores nothing: the saved state of the failed store is unreadable');
    return;
  }
  const key = process.env['ZENML_STORE_API_KEY']?.trim() ?? '';
  const advice = lostAdvice(pending);
  if (!key || fingerprint(pending.salt, key) !== pending.hash) {
    logger.warning(`the post step could not store ${pending.what} again: ZENML_STORE_API_KEY no longer holds the new key. ${advice}`);
    return;
  }
  try {
    const settings = readSettings();
    const targets = settings.targets.filter((t) => pending.targets.includes(describeTarget(t)));
    if (!settings.github || targets.length === 0) throw new Error('the inputs no longer name those targets');
    const secrets = createGitHubSecrets({ token: settings.github.token, baseUrl: settings.github.apiUrl, logger });
    const written = await secrets.store(await secrets.prepare(targets, pending.secret), pending.secret, key);
    logger.info(`The post step stored the new value of ${pending.what} in ${written.map((w) => w.target).join(', ')}: every target now holds it.`);
  } catch (error) {
    logger.warning(`the post step could not store ${pending.what} again either: ${errorMessage(error)}. ${advice}`);
  }
}

/** What to do once the job has ended without storing the key: its value is gone, and a rotation must not end the previous one early. */
function lostAdvice(p: PendingStore): string {
  if (p.previousValidUntil) {
    return (
      `The new value is lost when this job ends, and ${p.targets.join(', ')} still hold${p.targets.length === 1 ? 's' : ''} the previous key, valid until ${p.previousValidUntil}. ` +
      `Do not rotate '${p.keyName}' again: that ends the previous key at once. Instead, before ${p.previousValidUntil}, fix the cause, then run 'create' with another api-key-name and the same secret-name: its key replaces the stored value. ` +
      `Delete '${p.keyName}' (or rotate it) once nothing uses the previous key.`
    );
  }
  return `The new value is lost when this job ends, and no stored value of '${p.keyName}' works. Fix the cause, then rotate it again: that ends nothing that still works.`;
}
