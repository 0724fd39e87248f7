import { errorMessage } from '../core/errors.js';
import { sentences } from '../core/message.js';
import { ZenmlError } from '../zenml/errors.js';

/** One line that says what failed and, for the usual causes, what to do about it. */
export function explainFailure(error: unknown): string {
  const message = errorMessage(error);
  const hint = hintFor(findZenmlError(error));
  return hint ? sentences(message, hint) : message;
}

/** The usual cause of a ZenML refusal, and what to do; undefined when there is nothing to add. */
function hintFor(zenml: ZenmlError | undefined): string | undefined {
  if (!zenml || zenml.kind !== 'http') return undefined;
  if (zenml.status === 403 && zenml.exceptionClass === 'IllegalOperationError' && /admin/i.test(zenml.detail)) {
    return "This server lets only admin users manage service accounts: authenticate with an admin user's username and password";
  }
  if (zenml.status === 401 && /log in/.test(zenml.context)) {
    if (/could not verify key value/.test(zenml.detail)) return "The key's value is wrong, or it was rotated and its retention has ended: use the current key";
    if (/error retrieving API key/.test(zenml.detail)) return 'The key was deleted: create a new one';
    if (/invalid username or password/i.test(zenml.detail)) return 'Check the username and password';
  }
  if (zenml.status === 429) return 'The server is rate-limiting logins: wait a minute before trying again';
  return undefined;
}

function findZenmlError(error: unknown): ZenmlError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof ZenmlError) return e;
  }
  return undefined;
}
