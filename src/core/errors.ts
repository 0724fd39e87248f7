/**
 * A bad input, flag or setting, found before any request was made. `input` names what the user wrote
 * (`server-url`, `--retain`, `ZENML_STORE_URL`, …) so the action and the CLI can point at it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly input: string;

  constructor(input: string, message: string) {
    super(`${input}: ${message}`);
    this.input = input;
  }
}

/** Renders anything thrown as one line; a thrown non-Error still becomes a message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
