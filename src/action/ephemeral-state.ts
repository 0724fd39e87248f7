// What the main step of an `ephemeral` run tells its post step: which key to delete. The post step deletes with the
// main step's management credentials, so the state is checked before it is believed: a log line that smuggled in
// a `::save-state` command (or any other tampering) must not choose the key that gets deleted.
import { isUuid } from '../zenml/api-key.js';

export const STATE_EPHEMERAL_ACCOUNT = 'ephemeral-account-id';
export const STATE_EPHEMERAL_KEY = 'ephemeral-key-id';
export const STATE_EPHEMERAL_NAME = 'ephemeral-key-name';
/** The main step's management credentials, named without their secret (see credentialsLabel). */
export const STATE_EPHEMERAL_MANAGER = 'ephemeral-manager';

/** The key an `ephemeral` run made. */
export interface EphemeralState {
  readonly accountId: string;
  readonly keyId: string;
  /** `<prefix>-<run id>-<run attempt>-<6 hex>`: the post step deletes the key only if the server names it so. */
  readonly keyName: string;
}

export type EphemeralStateReading = { readonly kind: 'none' } | { readonly kind: 'invalid'; readonly reason: string } | { readonly kind: 'ok'; readonly state: EphemeralState };

/** Reads the saved state and checks its shape: two UUIDs, and a key name made by this very run attempt. */
export function readEphemeralState(read: (name: string) => string, run: { readonly id: string; readonly attempt: string }): EphemeralStateReading {
  const accountId = read(STATE_EPHEMERAL_ACCOUNT);
  const keyId = read(STATE_EPHEMERAL_KEY);
  const keyName = read(STATE_EPHEMERAL_NAME);
  if (!accountId && !keyId && !keyName) return { kind: 'none' };
  if (!isUuid(accountId) || !isUuid(keyId)) return { kind: 'invalid', reason: 'the saved account and key ids are not UUIDs' };
  const suffix = `-${run.id}-${run.attempt}-`;
  const at = keyName.lastIndexOf(suffix);
  // eslint-disable-next-line no-control-regex
  if (at <= 0 || !/^[0-9a-f]{6}$/.test(keyName.slice(at + suffix.length)) || /[\u0000-\u001f\u007f]/.test(keyName)) {
    return { kind: 'invalid', reason: `the saved key name is not one this run (${run.id}, attempt ${run.attempt}) makes` };
  }
  return { kind: 'ok', state: { accountId: accountId.toLowerCase(), keyId: keyId.toLowerCase(), keyName } };
}
