import { errorMessage } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import { deleteEphemeralKey } from '../commands/index.js';
import type { ZenmlClient } from '../zenml/client.js';
import { readSettings, zenmlClientFor } from './inputs.js';
import * as core from '@actions/core';
import { readEphemeralState } from './ephemeral-state.js';
import { actionLogger, maskSecretInputs } from './run.js';

/**
 * The post step: deletes the key an `ephemeral` run made, whatever the job's outcome. For every other
 * command it does nothing. It never fails the job: a failed deletion is a warning naming the key.
 */
export async function runPost(): Promise<void> {
  const redactor = new Redactor();
  maskSecretInputs(redactor);
  const logger = actionLogger(redactor);
  const run = { id: process.env['GITHUB_RUN_ID'] || 'local', attempt: process.env['GITHUB_RUN_ATTEMPT'] || '1' };
  const reading = readEphemeralState((name) => core.getState(name), run);
  if (reading.kind === 'none') return;
  if (reading.kind === 'invalid') {
    logger.warning(`the post step deletes nothing: ${reading.reason}. If the ephemeral step created a key, delete it by hand (zenml service-account api-key SA list shows keys named <prefix>-${run.id}-${run.attempt}-<hex>)`);
    return;
  }
  const { accountId, keyId, keyName } = reading.state;
  const what = `ephemeral API key '${keyName}' (${keyId}) of service account ${accountId}`;
  let zenml: ZenmlClient | undefined;
  try {
    const settings = readSettings((name) => core.getInput(name, { trimWhitespace: false }), process.env);
    zenml = zenmlClientFor(settings, logger, redactor);
    const outcome = await deleteEphemeralKey(zenml, accountId, keyId, keyName);
    logger.info(`${what}: ${outcome}`);
  } catch (error) {
    logger.warning(`could not delete ${what}: ${errorMessage(error)}; delete it by hand (zenml service-account api-key ${accountId} delete ${keyId})`);
  } finally {
    await zenml?.close();
  }
}
