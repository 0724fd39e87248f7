import type { ZenmlError } from './errors.js';
import { isoMillis, type ApiKey } from './models.js';

/** What a key's record said when we looked after a lost answer: `known: false` when we could not look. */
export type LookAfter = { readonly known: true; readonly key: ApiKey | undefined } | { readonly known: false };

/**
 * A create or rotate request whose answer did not bring the key: it never arrived, or it arrived (2xx) without
 * the value. The request is never re-sent (that would lose or kill keys); instead the key record was read back,
 * and this says what the server did, what still works and what to do.
 */
export class LostAnswerError extends Error {
  override readonly name = 'LostAnswerError';
  /** true: the server acted and the key value is lost; false: it did not act; undefined: unknown. */
  readonly applied: boolean | undefined;
  override readonly cause: ZenmlError;
  /** After an applied rotation: when it happened and until when the previous key still logs in. */
  readonly rotatedAt: string | undefined;
  readonly previousValidUntil: string | undefined;
  /** The key record that exists now when the server acted (a created key whose value is lost, for one). */
  readonly record: ApiKey | undefined;

  constructor(message: string, applied: boolean | undefined, cause: ZenmlError, extra: { rotatedAt?: string; previousValidUntil?: string; record?: ApiKey } = {}) {
    super(message);
    this.applied = applied;
    this.cause = cause;
    this.rotatedAt = extra.rotatedAt;
    this.previousValidUntil = extra.previousValidUntil;
    this.record = extra.record;
  }

  /** After a lost create answer: did the key come into being? */
  static forCreate(args: { account: string; keyName: string; cause: ZenmlError } & LookAfter): LostAnswerError {
    // Callers address the account by id; the record, when there is one, has its name.
    const account = (args.known && args.key?.serviceAccount.name) || args.account;
    const what = `API key '${args.keyName}' of service account '${account}'`;
    const lost = lostBecause(args.cause);
    if (!args.known) {
      return new LostAnswerError(
        `Creating ${what} may have worked, but ${lost}, and looking the key up failed too. Check whether '${args.keyName}' exists before creating it again. If it does, its value is lost: delete it, then create it again.`,
        undefined,
        args.cause,
      );
    }
    if (args.key) {
      return new LostAnswerError(
        `${capital(what)} was created, but its value is lost: ${lost}. No value of this key exists anywhere, so nothing can use it. Delete API key '${args.keyName}', then create it again.`,
        true,
        args.cause,
        { record: args.key },
      );
    }
    return new LostAnswerError(`Creating ${what} failed: ${lost}. The key does not exist, so nothing was created and running again is safe.`, false, args.cause);
  }

  /** After a lost rotate answer: did `last_rotated` move? */
  static forRotate(args: { account: string; keyName: string; before: ApiKey; retainMinutes: number; cause: ZenmlError } & LookAfter): LostAnswerError {
    const what = `API key '${args.keyName}' of service account '${args.before.serviceAccount.name || args.account}'`;
    const lost = lostBecause(args.cause);
    if (!args.known || !args.key) {
      return new LostAnswerError(
        `Rotating ${what} may have worked, but ${lost}, and reading the key afterwards failed. Before rotating again, check its last_rotated (it was ${args.before.lastRotated ?? 'never'}). If it changed, the new key is lost and the previous key works only until its retention ends: create a new key under another name instead of rotating again.`,
        undefined,
        args.cause,
      );
    }
    const rotatedAt = args.key.lastRotated;
    if (rotatedAt === null || rotatedAt === args.before.lastRotated) {
      return new LostAnswerError(`Rotating ${what} failed: ${lost}. Its last_rotated is unchanged, so the server did not rotate it and running again is safe.`, false, args.cause);
    }
    const retain = args.key.retainPeriodMinutes ?? args.retainMinutes;
    const until = retain > 0 ? addMinutes(rotatedAt, retain) : undefined;
    const head = `${capital(what)} was rotated at ${isoMillis(rotatedAt)}, but the new key's value is lost: ${lost}.`;
    // ZenML keeps one previous key: a second rotation ends the one that still works, so never advise it while it does.
    const advice = until
      ? ` The previous key keeps working until ${until}. Do not rotate again: that ends the previous key at once. Instead, before ${until}, create a new API key under another name and store it; delete '${args.keyName}' once nothing uses it.`
      : ` The previous key stopped working at once (no retention), so no value of '${args.keyName}' works now. Rotating it again ends nothing that still works: do that to get a value you can store.`;
    return new LostAnswerError(head + advice, true, args.cause, { rotatedAt: isoMillis(rotatedAt), ...(until ? { previousValidUntil: until } : {}), record: args.key });
  }
}

/** An ISO 8601 UTC timestamp plus some minutes, as ISO 8601 UTC with `Z`. */
export function addMinutes(isoUtc: string, minutes: number): string {
  return new Date(Date.parse(isoUtc) + minutes * 60_000).toISOString();
}

/** Why the value did not arrive, as a clause: the answer never came, or it came without the key. */
export function lostBecause(cause: ZenmlError): string {
  return cause.kind === 'http' && cause.status !== undefined && cause.status < 300
    ? `the server answered ${cause.status} without the key's value`
    : `its answer never arrived (${cause.detail})`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
