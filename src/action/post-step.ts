import { errorMessage } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import { deleteEphemeralKey } from '../commands/index.js';
import { decodeApiKey } from '../zenml/api-key.js';
import type { ZenmlClient } from '../zenml/client.js';
import { credentialsLabel, readSettings, zenmlClientFor, type ActionSettings } from './inputs.js';
import * as core from '@actions/core';
import { readEphemeralState, STATE_EPHEMERAL_MANAGER } from './ephemeral-state.js';
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
  const byHand = `delete it by hand (zenml service-account api-key ${accountId} delete ${keyId})`;
  let zenml: ZenmlClient | undefined;
  try {
    const settings = readSettings((name) => core.getInput(name, { trimWhitespace: false }), process.env);
    const refused = refuseCredentials(settings, keyId, core.getState(STATE_EPHEMERAL_MANAGER));
    if (refused) {
      logger.warning(`could not delete ${what}: ${refused}. Give the management credentials as inputs (api-key: \${{ secrets.… }}, or username and password); ${byHand}`);
      return;
    }
    zenml = zenmlClientFor(settings, logger, redactor);
    const outcome = await deleteEphemeralKey(zenml, accountId, keyId, keyName);
    logger.info(`${what}: ${outcome}`);
  } catch (error) {
    logger.warning(`could not delete ${what}: ${errorMessage(error)}; ${byHand}`);
  } finally {
    await zenml?.close();
  }
}

/**
 * Why the post step must not authenticate with the credentials it has, or undefined when they are the main
 * step's. The exported ephemeral key is never used: `api-key: ${{ env.ZENML_STORE_API_KEY }}` evaluates to it here.
 */
function refuseCredentials(settings: ActionSettings, ephemeralKeyId: string, mainStep: string): string | undefined {
  const { management } = settings;
  if (management.kind === 'api-key') {
    let heldKeyId: string | undefined;
    try {
      heldKeyId = decodeApiKey(management.apiKey).keyId;
    } catch {
      heldKeyId = undefined;
    }
    if (heldKeyId === ephemeralKeyId) return 'the only credentials here are the ephemeral key itself, which replaced ZENML_STORE_API_KEY';
  }
  const here = credentialsLabel(management);
  if (mainStep && mainStep !== here) return `the credentials here (${here}) are not the ones the main step used (${mainStep})`;
  return undefined;
}
