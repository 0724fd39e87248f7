import type { ZenmlError } from './errors.js';
import type { ApiKey } from './models.js';

/** What a key's record said when we looked after a lost answer: `known: false` when we could not look. */
export type LookAfter = { readonly known: true; readonly key: ApiKey | undefined } | { readonly known: false };

/**
 * A create or rotate request whose answer never arrived. The request is never re-sent (that would lose
 * or kill keys); instead the key record was read back, and this says what the server did and what to do.
 */
export class LostAnswerError extends Error {
  override readonly name = 'LostAnswerError';
  /** true: the server acted and the key value is lost; false: it did not act; undefined: unknown. */
  readonly applied: boolean | undefined;
  override readonly cause: ZenmlError;
  /** After an applied rotation: when it happened and until when the previous key still logs in. */
  readonly rotatedAt: string | undefined;
  readonly previousValidUntil: string | undefined;

  constructor(message: string, applied: boolean | undefined, cause: ZenmlError, rotatedAt?: string, previousValidUntil?: string) {
    super(message);
    this.applied = applied;
    this.cause = cause;
    this.rotatedAt = rotatedAt;
    this.previousValidUntil = previousValidUntil;
  }

  /** After a lost create answer: did the key come into being? */
  static forCreate(args: { account: string; keyName: string; cause: ZenmlError } & LookAfter): LostAnswerError {
    const what = `create API key '${args.keyName}' of service account '${args.account}'`;
    const lost = `no answer (${args.cause.detail})`;
    if (!args.known) {
      return new LostAnswerError(
        `${what}: ${lost}, and looking the key up failed too: check whether '${args.keyName}' exists before creating it again; if it does, its value is lost: delete it and create it again`,
        undefined,
        args.cause,
      );
    }
    if (args.key) {
      return new LostAnswerError(
        `${what}: the server created the key, but its answer, the only copy of the key's value, was lost (${args.cause.detail}): delete API key '${args.keyName}' and create it again`,
        true,
        args.cause,
      );
    }
    return new LostAnswerError(`${what}: ${lost}; the key does not exist, so nothing was created and running again is safe`, false, args.cause);
  }

  /** After a lost rotate answer: did `last_rotated` move? */
  static forRotate(args: { account: string; keyName: string; before: ApiKey; retainMinutes: number; cause: ZenmlError } & LookAfter): LostAnswerError {
    const what = `rotate API key '${args.keyName}' of service account '${args.account}'`;
    const lost = `no answer (${args.cause.detail})`;
    if (!args.known || !args.key) {
      return new LostAnswerError(
        `${what}: ${lost}, and reading the key afterwards failed: before rotating again, check its last_rotated (was ${args.before.lastRotated ?? 'never'}); if it changed, the new key is lost: create a new key instead of rotating again`,
        undefined,
        args.cause,
      );
    }
    const rotatedAt = args.key.lastRotated;
    if (rotatedAt === null || rotatedAt === args.before.lastRotated) {
      return new LostAnswerError(`${what}: ${lost}; the key's last_rotated is unchanged, so the server did not rotate it and running again is safe`, false, args.cause);
    }
    const retain = args.key.retainPeriodMinutes ?? args.retainMinutes;
    const until = retain > 0 ? addMinutes(rotatedAt, retain) : undefined;
    const previous = until
      ? `the previous key keeps working until ${until}`
      : 'the previous key stopped working at once (no retention)';
    return new LostAnswerError(
      `${what}: the server rotated the key at ${rotatedAt}, but its answer, the only copy of the new key, was lost (${args.cause.detail}); ${previous}. Do not rotate again (that ends the previous key at once): create a new API key under another name, store it, then delete '${args.keyName}'`,
      true,
      args.cause,
      rotatedAt,
      until,
    );
  }
}

/** An ISO 8601 UTC timestamp plus some minutes, as ISO 8601 UTC with `Z`. */
export function addMinutes(isoUtc: string, minutes: number): string {
  return new Date(Date.parse(isoUtc) + minutes * 60_000).toISOString();
}
