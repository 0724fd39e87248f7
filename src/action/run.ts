import { randomBytes } from 'node:crypto';
import { errorMessage, InputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { neutralise } from '../core/log-text.js';
import { Redactor, secretForms } from '../core/redact.js';
import { explainFailure } from '../commands/explain.js';
import { sentences } from '../core/message.js';
import { runCommand, type CommandDeps, type CommandResult } from '../commands/index.js';
import type { FailureState } from '../commands/types.js';
import { createGitHubSecrets } from '../github/index.js';
import type { ZenmlClient } from '../zenml/client.js';
import { isoMillis, type ApiKey } from '../zenml/models.js';
import { credentialsLabel, readSettings, zenmlClientFor, type ActionSettings } from './inputs.js';
import * as core from '@actions/core';
import { STATE_EPHEMERAL_ACCOUNT, STATE_EPHEMERAL_KEY, STATE_EPHEMERAL_MANAGER, STATE_EPHEMERAL_NAME } from './ephemeral-state.js';
import { annotate, auditOutputs, auditSummary, auditVerdict } from './audit-report.js';
import { CancelledError, StepLedger, watchSignals } from './cancellation.js';
import { savePendingStore } from './pending-store.js';
import { failureSummary, stateOf, successSummary } from './summary.js';


/** Masks a secret and every form of it that could be printed; empty values are skipped. */
export function mask(value: string | undefined, redactor?: Redactor): void {
  if (!value) return;
  for (const form of secretForms(value)) core.setSecret(form);
  redactor?.add(value);
}

/** Masks the secret inputs; the first thing both the main and the post step do. */
export function maskSecretInputs(redactor: Redactor): void {
  for (const name of ['api-key', 'password', 'github-token']) mask(core.getInput(name), redactor);
  mask(process.env['ZENML_STORE_API_KEY']?.trim(), redactor);
  mask(process.env['ZENML_STORE_PASSWORD'], redactor);
}

/** The action's log: the core's Logger, and `fail` to fail the step with a message. */
export interface ActionLogger extends Logger {
  fail(message: string): void;
}

/**
 * The one way the action writes messages to its log: every known secret replaced, and no line able to start a
 * workflow command (messages carry server names, ids, dates and error details).
 */
export function actionLogger(redactor: Redactor): ActionLogger {
  const clean = (message: string) => neutralise(redactor.redact(message));
  return {
    debug: (m) => core.debug(clean(m)),
    info: (m) => core.info(clean(m)),
    warning: (m) => core.warning(clean(m)),
    fail: (m) => core.setFailed(clean(m)),
  };
}

/** The action's main step. */
export async function run(): Promise<void> {
  const redactor = new Redactor();
  maskSecretInputs(redactor);
  const logger = actionLogger(redactor);
  let settings: ActionSettings;
  let zenml: ZenmlClient;
  try {
    settings = readSettings((name) => core.getInput(name, { trimWhitespace: false }), process.env);
    zenml = zenmlClientFor(settings, logger, redactor);
  } catch (error) {
    logger.fail(error instanceof InputError ? error.message : `invalid input: ${errorMessage(error)}`);
    return;
  }
  const ledger = new StepLedger(settings.command, settings.retainMinutes);
  const stopWatching = watchSignals(ledger, (line) => logger.info(line), async () => {
    if (!ledger.claimReport()) return; // the run has reported already and is about to end
    const { message, state } = ledger.report();
    await reportFailure(settings, message, state, logger, redactor, ledger.untouched);
    process.exit();
  });
  const deps: CommandDeps = {
    zenml,
    secrets: settings.github ? createGitHubSecrets({ token: settings.github.token, baseUrl: settings.github.apiUrl, logger }) : undefined,
    logger,
    onSecret: (value) => {
      mask(value, redactor);
      ledger.keyMade(value, undefined);
    },
    progress: ledger,
    onKeyCreated: (made) => {
      ledger.keyMade(undefined, made);
      // Saved the moment the key exists: whatever fails next (its check, the job's cancellation), the post step deletes it.
      if (settings.command !== 'ephemeral') return;
      core.saveState(STATE_EPHEMERAL_ACCOUNT, made.account.id);
      core.saveState(STATE_EPHEMERAL_KEY, made.key.id);
      core.saveState(STATE_EPHEMERAL_NAME, made.key.name);
      core.saveState(STATE_EPHEMERAL_MANAGER, credentialsLabel(settings.management));
    },
    now: () => new Date(),
    randomHex: (length) => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length),
  };
  try {
    const result = await runCommand(settings, deps);
    if (!ledger.claimReport()) return;
    publish(settings, result);
    // In the order things happened: the key was made, then stored, and what to watch out for after.
    logger.info(result.done);
    for (const update of result.secretsUpdated) logger.info(`secret ${update.secret} ${update.result} in ${update.target}`);
    for (const warning of result.warnings) logger.warning(warning);
    if (result.audit) annotate(result.audit, logger);
    await writeSummary(redactor.redact(result.audit ? auditSummary(result.audit) : successSummary(result)), logger);
    if (ledger.signal) logger.fail(cancelledButFinished(ledger.signal, result));
    // The audit fails the step only after its outputs and summary are written: a scheduled run shows what it found.
    const verdict = result.audit && auditVerdict(result.audit);
    if (verdict && !ledger.signal) logger.fail(verdict);
  } catch (error) {
    if (!ledger.claimReport()) return;
    const cancelled = ledger.signal && !(error instanceof CancelledError) && `The job was cancelled (${ledger.signal}) while this step ran`;
    await reportFailure(settings, sentences(cancelled, explainFailure(error)), stateOf(error), logger, redactor, ledger.untouched);
  } finally {
    stopWatching();
    await zenml.close();
  }
}

/** Reports a failed run: the new key (if any) exported, the subject outputs, the summary, and the error line. */
async function reportFailure(settings: ActionSettings, explained: string, state: FailureState | undefined, logger: ActionLogger, redactor: Redactor, untouched: boolean): Promise<void> {
  // A key made by this run must not be lost: whatever failed, later steps of the job get it.
  if (state?.newKey) exportKey(settings.serverUrl, state.newKey);
  savePendingStore(settings, state);
  if (state?.subject) setSubjectOutputs(state.subject);
  const unstored = Boolean(state?.newKey && settings.secretName && settings.github && settings.targets.length > state.written.length);
  const message = redactor.redact(
    sentences(
      explained,
      state?.newKey && 'The new key is exported as ZENML_STORE_API_KEY for the rest of this job',
      unstored && "This action's post step stores it again when the job ends, and says what to do if that fails too",
    ),
  );
  await writeSummary(redactor.redact(failureSummary(settings.command, message, state, Boolean(state?.newKey), untouched)), logger);
  logger.fail(message);
}

function cancelledButFinished(signal: string, result: CommandResult): string {
  const stored = result.secretsUpdated.length > 0 ? ` The new key was stored in ${result.secretsUpdated.map((s) => s.target).join(', ')}.` : '';
  const exported = result.keyToExport && result.newKey ? ' The new key is exported as ZENML_STORE_API_KEY for the rest of this job.' : '';
  return `The job was cancelled (${signal}) while this step ran, but the step finished first: ${result.done}.${stored}${exported}`;
}

function publish(settings: ActionSettings, result: CommandResult): void {
  core.setOutput('server-version', result.serverVersion);
  setSubjectOutputs(result);
  if (result.command === 'rotate') {
    core.setOutput('rotated-at', result.rotatedAt ?? '');
    core.setOutput('previous-key-valid-until', result.previousKeyValidUntil ?? '');
  }
  if (result.command === 'create' || result.command === 'rotate') core.setOutput('secrets-updated', JSON.stringify(result.secretsUpdated));
  if (result.audit) {
    const { findings, summary } = auditOutputs(result.audit);
    core.setOutput('findings', findings);
    core.setOutput('summary', summary);
  }
  if (result.keyToExport && settings.exportEnv) exportKey(settings.serverUrl, result.keyToExport);
  if (result.keyToExport && result.newKey && settings.outputApiKey) core.setOutput('api-key', result.keyToExport);
  if (result.keys) core.setOutput('api-keys', JSON.stringify(result.keys.map(keyOutput)));
}

/** One key of the `api-keys` output: ZenML's field names, timestamps as every output has them, never a value. */
function keyOutput(key: ApiKey): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    active: key.active,
    created: isoMillis(key.created),
    last_login: isoMillis(key.lastLogin),
    last_rotated: isoMillis(key.lastRotated),
  };
}

function setSubjectOutputs(subject: Pick<CommandResult, 'account' | 'key'>): void {
  if (subject.account) {
    core.setOutput('service-account-id', subject.account.id);
    core.setOutput('service-account-name', subject.account.name);
  }
  if (subject.key) {
    core.setOutput('api-key-id', subject.key.id);
    core.setOutput('api-key-name', subject.key.name);
  }
}

function exportKey(serverUrl: string, key: string): void {
  core.exportVariable('ZENML_STORE_URL', serverUrl);
  core.exportVariable('ZENML_STORE_API_KEY', key);
}

async function writeSummary(markdown: string, logger: ActionLogger): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    logger.warning(`could not write the job summary: ${errorMessage(error)}`);
  }
}
