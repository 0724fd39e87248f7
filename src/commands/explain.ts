import { errorMessage } from '../core/errors.js';
import { ZenmlError } from '../zenml/errors.js';

/** One line that says what failed and, for the usual causes, what to do about it. */
export function explainFailure(error: unknown): string {
  const message = errorMessage(error);
  const zenml = findZenmlError(error);
  if (!zenml || zenml.kind !== 'http') return message;
  if (zenml.status === 403 && zenml.exceptionClass === 'IllegalOperationError' && /admin/i.test(zenml.detail)) {
    return `${message}; this server lets only admin users manage service accounts: authenticate with an admin user's username and password`;
  }
  if (zenml.status === 401 && /log in/.test(zenml.context)) {
    if (/could not verify key value/.test(zenml.detail)) {
      return `${message}; the key's value is wrong, or it was rotated and its retention has ended: use the current key`;
    }
    if (/error retrieving API key/.test(zenml.detail)) return `${message}; the key was deleted: create a new one`;
    if (/invalid username or password/i.test(zenml.detail)) return `${message}; check username and password`;
  }
  if (zenml.status === 429) return `${message}; the server is rate-limiting logins: wait a minute before trying again`;
  return message;
}

function findZenmlError(error: unknown): ZenmlError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof ZenmlError) return e;
  }
  return undefined;
}
