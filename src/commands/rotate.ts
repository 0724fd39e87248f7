import type { PreparedTarget, SecretUpdate } from '../github/index.js';
import { errorMessage } from '../core/errors.js';
import { decodeApiKey } from '../zenml/api-key.js';
import { addMinutes, LostAnswerError } from '../zenml/lost-answer.js';
import { isoMillis, type ApiKey } from '../zenml/models.js';
import { checkServer, DEFAULT_KEY_NAME, explainDefaultKey, preflight, resolveTarget, storeKey, storeOutcome, verifyNewKey } from './common.js';
import { rotationRisks } from './rotation-risks.js';
import { CommandError, type CommandDeps, type CommandResult, type CommandSettings, type Subject } from './types.js';

/**
 * `rotate`: every check first (server, credentials, key, GitHub preflight), then the one rotation, then
 * mask, verify, store, and a last read of `last_rotated` that catches a concurrent rotation.
 */
export async function rotate(settings: CommandSettings, deps: CommandDeps): Promise<CommandResult> {
  const { zenml } = deps;
  const [[info, before], prepared] = await Promise.all([
    Promise.all([
      checkServer(deps),
      resolveTarget(deps, settings, DEFAULT_KEY_NAME).then((target) =>
        zenml.getApiKey(target.knownAccount?.id ?? target.account, target.key ?? '').catch((error: unknown) => {
          throw explainDefaultKey(error, settings, target);
        }),
      ),
    ]),
    preflight(deps, settings),
  ]);
  const account = before.serviceAccount;
  const subject: Required<Subject> = { account: { id: account.id, name: account.name }, key: { id: before.id, name: before.name } };
  const what = `API key '${before.name}' of service account '${account.name}'`;
  if (!account.active) throw new Error(`${what}: the service account is inactive; activate it before rotating its keys`);
  if (!before.active) throw new Error(`${what}: the key is inactive, so a rotated key could not log in; activate it first`);
  const labels = (prepared ?? []).map((p) => p.label);
  const selfService = settings.apiKey !== undefined && !settings.userCredentials && isKeyOf(settings.apiKey, before);
  const warnings = rotationRisks(before, settings.retainMinutes, deps.now(), selfService, settings.names?.retain);

  let key: string;
  let reportedRotatedAt: string | null;
  deps.progress?.irreversible({ verb: 'rotate', subject, targets: labels, lastRotatedBefore: before.lastRotated });
  try {
    const rotated = await zenml.rotateApiKey(account.id, before.id, { retainMinutes: settings.retainMinutes, before });
    key = rotated.key;
    reportedRotatedAt = rotated.lastRotated;
  } catch (error) {
    if (!(error instanceof LostAnswerError)) throw error;
    if (error.rotatedAt) deps.progress?.rotated(error.rotatedAt, error.previousValidUntil);
    throw new CommandError(error.message, {
      subject,
      ...(error.rotatedAt ? { rotatedAt: isoMillis(error.rotatedAt) } : {}),
      ...(error.previousValidUntil ? { previousKeyValidUntil: error.previousValidUntil } : {}),
      written: [],
      notWritten: labels,
    }, { cause: error });
  }
  deps.onSecret(key);
  deps.onKeyCreated?.(subject);
  if (reportedRotatedAt) deps.progress?.rotated(reportedRotatedAt, settings.retainMinutes > 0 ? addMinutes(reportedRotatedAt, settings.retainMinutes) : undefined);

  let rotatedAt: string | undefined;
  let previousKeyValidUntil: string | undefined;
  const fail = (message: string, cause: unknown, written: readonly SecretUpdate[] = [], notWritten: readonly string[] = labels): CommandError =>
    new CommandError(message, {
      newKey: key,
      subject,
      ...(rotatedAt ? { rotatedAt: isoMillis(rotatedAt) } : {}),
      ...(previousKeyValidUntil ? { previousKeyValidUntil } : {}),
      written,
      notWritten,
    }, { cause });

  try {
    // 0.58's rotate answer has no metadata; the record tells when our rotation happened.
    const readRecord = () =>
      reportedRotatedAt ? Promise.resolve({ lastRotated: reportedRotatedAt, retainPeriodMinutes: settings.retainMinutes }) : zenml.getApiKey(account.id, before.id);
    let ours: Pick<ApiKey, 'lastRotated' | 'retainPeriodMinutes'>;
    if (selfService) {
      // The key we held may be dead now (0.9x servers revoke its tokens, PR #5025): go on with the new one,
      // whose verification login is then the only login it costs.
      if (settings.verify) await verifyNewKey(deps, key, subject.account, before.id, true);
      else zenml.useCredentials({ kind: 'api-key', apiKey: key });
      ours = await readRecord();
    } else {
      [ours] = await Promise.all([readRecord(), settings.verify ? verifyNewKey(deps, key, subject.account, before.id) : Promise.resolve()]);
    }
    rotatedAt = ours.lastRotated ?? deps.now().toISOString();
    const retain = ours.retainPeriodMinutes ?? settings.retainMinutes;
    previousKeyValidUntil = retain > 0 ? addMinutes(rotatedAt, retain) : undefined;
    deps.progress?.rotated(rotatedAt, previousKeyValidUntil);
  } catch (error) {
    throw fail(`${what} was rotated, but the new key failed its check: ${errorMessage(error)}; it was not stored`, error);
  }

  let secretsUpdated: SecretUpdate[];
  try {
    secretsUpdated = await storeKey(deps, settings, prepared, key);
  } catch (error) {
    const { written, notWritten } = storeOutcome(error, prepared);
    throw fail(`${what} was rotated at ${isoMillis(rotatedAt)} (${previousState(previousKeyValidUntil)}), but storing the new key failed: ${errorMessage(error)}. Fix that and run the rotation again`, error, written, notWritten);
  }

  await checkNoRace(deps, settings, { what, accountId: account.id, keyId: before.id, rotatedAt, prepared, secretsUpdated, fail });
  const retained = previousKeyValidUntil ? `; the previous key stays valid until ${previousKeyValidUntil}` : '; the previous key no longer works';
  return {
    command: 'rotate',
    serverVersion: info.version,
    ...subject,
    done: `rotated ${what}${retained}`,
    keyToExport: key,
    newKey: true,
    // Outputs carry milliseconds, as previous-key-valid-until does; the race check above kept ZenML's precision.
    rotatedAt: isoMillis(rotatedAt),
    ...(previousKeyValidUntil ? { previousKeyValidUntil } : {}),
    secretsUpdated,
    warnings,
  };
}

interface RaceCheck {
  readonly what: string;
  readonly accountId: string;
  readonly keyId: string;
  readonly rotatedAt: string;
  readonly prepared: PreparedTarget[] | undefined;
  readonly secretsUpdated: SecretUpdate[];
  readonly fail: (message: string, cause: unknown, written?: readonly SecretUpdate[], notWritten?: readonly string[]) => CommandError;
}

/** After storing, `last_rotated` must still be ours; otherwise another run rotated in between. */
async function checkNoRace(deps: CommandDeps, settings: CommandSettings, c: RaceCheck): Promise<void> {
  if (!settings.secretName) return;
  let after: ApiKey;
  try {
    after = await deps.zenml.getApiKey(c.accountId, c.keyId);
  } catch (error) {
    // The key is rotated and stored; only the check for a concurrent rotation could not be made.
    const targets = c.secretsUpdated.map((s) => s.target).join(', ') || 'none';
    throw c.fail(
      `${c.what} was rotated at ${isoMillis(c.rotatedAt)} and the new key was stored (${targets}), but reading the key afterwards to rule out a concurrent rotation failed: ${errorMessage(error)}. Check that its last_rotated is still ${c.rotatedAt}; if not, run the rotation again`,
      error,
      c.secretsUpdated,
      [],
    );
  }
  if (after.lastRotated === c.rotatedAt) return;
  const retain = after.retainPeriodMinutes ?? 0;
  const ours = retain > 0 && after.lastRotated ? `stays valid only until ${addMinutes(after.lastRotated, retain)}` : 'no longer works';
  const targets = c.secretsUpdated.map((s) => s.target).join(', ') || 'none';
  throw c.fail(
    `two rotations raced: ${c.what} was rotated again at ${isoMillis(after.lastRotated) ?? 'an unknown time'}, after this run rotated it at ${isoMillis(c.rotatedAt)}. ` +
      `The targets this run wrote (${targets}) hold this run's key, which ${ours}; run the rotation again, and give rotations of one key a concurrency group so they never overlap`,
    undefined,
    c.secretsUpdated,
    [],
  );
}

function previousState(validUntil: string | undefined): string {
  return validUntil ? `the previous key stays valid until ${validUntil}` : 'the previous key no longer works';
}

function isKeyOf(apiKey: string, record: ApiKey): boolean {
  try {
    return decodeApiKey(apiKey).keyId === record.id;
  } catch {
    return false;
  }
}
