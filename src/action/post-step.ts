import { errorMessage } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import { deleteEphemeralKey } from '../commands/index.js';
import type { ZenmlClient } from '../zenml/client.js';
import { readSettings, zenmlClientFor } from './inputs.js';
import * as core from '@actions/core';
import { actionLogger, maskSecretInputs, STATE_EPHEMERAL_ACCOUNT, STATE_EPHEMERAL_KEY, STATE_EPHEMERAL_NAME } from './run.js';

/**
 * The post step: deletes the key an `ephemeral` run made, whatever the job's outcome. For every other
 * command it does nothing. It never fails the job: a failed deletion is a warning naming the key.
 */
export async function runPost(): Promise<void> {
  const redactor = new Redactor();
  maskSecretInputs(redactor);
  const accountId = core.getState(STATE_EPHEMERAL_ACCOUNT);
  const keyId = core.getState(STATE_EPHEMERAL_KEY);
  if (!accountId || !keyId) return;
  const keyName = core.getState(STATE_EPHEMERAL_NAME) || keyId;
  const what = `ephemeral API key '${keyName}' (${keyId}) of service account ${accountId}`;
  let zenml: ZenmlClient | undefined;
  try {
    const settings = readSettings((name) => core.getInput(name, { trimWhitespace: false }), process.env);
    zenml = zenmlClientFor(settings, actionLogger(redactor), redactor);
    const outcome = await deleteEphemeralKey(zenml, accountId, keyId);
    core.info(`${what}: ${outcome}`);
  } catch (error) {
    core.warning(redactor.redact(`could not delete ${what}: ${errorMessage(error)}; delete it by hand (zenml service-account api-key ${accountId} delete ${keyId})`));
  } finally {
    await zenml?.close();
  }
}
