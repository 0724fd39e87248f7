import { randomBytes } from 'node:crypto';
import { errorMessage, InputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { Redactor } from '../core/redact.js';
import { explainFailure } from '../commands/explain.js';
import { sentences } from '../core/message.js';
import { runCommand, type CommandDeps, type CommandResult } from '../commands/index.js';
import { createGitHubSecrets } from '../github/index.js';
import { apiKeyForms } from '../zenml/api-key.js';
import type { ZenmlClient } from '../zenml/client.js';
import { readSettings, zenmlClientFor, type ActionSettings } from './inputs.js';
import * as core from '@actions/core';
import { failureSummary, stateOf, successSummary } from './summary.js';

export const STATE_EPHEMERAL_ACCOUNT = 'ephemeral-account-id';
export const STATE_EPHEMERAL_KEY = 'ephemeral-key-id';
export const STATE_EPHEMERAL_NAME = 'ephemeral-key-name';

/** Masks a secret and every form of it that could be printed; empty values are skipped. */
export function mask(value: string | undefined, redactor?: Redactor): void {
  if (!value) return;
  const forms = value.startsWith('ZENKEY_') ? apiKeyForms(value) : [value];
  for (const form of forms) core.setSecret(form);
  redactor?.add(...forms);
}

/** Masks the secret inputs; the first thing both the main and the post step do. */
export function maskSecretInputs(redactor: Redactor): void {
  for (const name of ['api-key', 'password', 'github-token']) mask(core.getInput(name), redactor);
  mask(process.env['ZENML_STORE_API_KEY']?.trim(), redactor);
  mask(process.env['ZENML_STORE_PASSWORD'], redactor);
}

/** The logger the core reports to: the action's log, with every known secret replaced. */
export function actionLogger(redactor: Redactor): Logger {
  return {
    debug: (m) => core.debug(redactor.redact(m)),
    info: (m) => core.info(redactor.redact(m)),
    warning: (m) => core.warning(redactor.redact(m)),
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
    core.setFailed(redactor.redact(error instanceof InputError ? error.message : `invalid input: ${errorMessage(error)}`));
    return;
  }
  const deps: CommandDeps = {
    zenml,
    secrets: settings.github ? createGitHubSecrets({ token: settings.github.token, baseUrl: settings.github.apiUrl, logger }) : undefined,
    logger,
    onSecret: (value) => mask(value, redactor),
    now: () => new Date(),
    randomHex: (length) => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length),
  };
  try {
    const result = await runCommand(settings, deps);
    publish(settings, result);
    for (const warning of result.warnings) core.warning(redactor.redact(warning));
    core.info(redactor.redact(result.done));
    await writeSummary(successSummary(result));
  } catch (error) {
    const state = stateOf(error);
    // A key made by this run must not be lost: whatever failed, later steps of the job get it.
    if (state?.newKey) exportKey(settings.serverUrl, state.newKey);
    if (state?.subject) setSubjectOutputs(state.subject);
    const message = redactor.redact(sentences(explainFailure(error), state?.newKey && 'The new key is exported as ZENML_STORE_API_KEY for the rest of this job'));
    await writeSummary(redactor.redact(failureSummary(settings.command, message, state, Boolean(state?.newKey))));
    core.setFailed(message);
  } finally {
    await zenml.close();
  }
}

function publish(settings: ActionSettings, result: CommandResult): void {
  core.setOutput('server-version', result.serverVersion);
  setSubjectOutputs(result);
  if (result.command === 'rotate') {
    core.setOutput('rotated-at', result.rotatedAt ?? '');
    core.setOutput('previous-key-valid-until', result.previousKeyValidUntil ?? '');
  }
  if (result.command === 'create' || result.command === 'rotate') core.setOutput('secrets-updated', JSON.stringify(result.secretsUpdated));
  if (result.keyToExport && settings.exportEnv) exportKey(settings.serverUrl, result.keyToExport);
  if (result.keyToExport && result.newKey && settings.outputApiKey) core.setOutput('api-key', result.keyToExport);
  if (result.command === 'ephemeral' && result.account && result.key) {
    core.saveState(STATE_EPHEMERAL_ACCOUNT, result.account.id);
    core.saveState(STATE_EPHEMERAL_KEY, result.key.id);
    core.saveState(STATE_EPHEMERAL_NAME, result.key.name);
  }
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

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`could not write the job summary: ${errorMessage(error)}`);
  }
}
