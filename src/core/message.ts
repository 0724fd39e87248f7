// The shape of every message a person reads: one line made of sentences, the first short (what failed),
// the detail and the advice after it.

/**
 * Joins parts into one line of sentences: each part ends with a full stop unless it ends with one
 * already, and each after the first starts with a capital letter unless it starts with a name (`api-key`).
 * Empty parts are skipped.
 */
export function sentences(...parts: ReadonlyArray<string | undefined | false>): string {
  const given = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  if (given.length === 1) return given[0]!; // one sentence needs no joining
  return given
    .map((part, i) => {
      const text = part.trim();
      // The first part stays as it is: errors start lower case after their prefix ("zenml-sa: error: ").
      const capital = i > 0 && /^[a-z]/.test(text) && !/^[a-z]+[-_.:/]/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text;
      return /[.!?]$/.test(capital) ? capital : `${capital}.`;
    })
    .join(' ');
}

/**
 * A server's detail without the status it repeats ("401 Unauthorized", "an empty answer (HTTP 401)"),
 * for a message that already says "answered 401".
 */
export function withoutRepeatedStatus(status: number, detail: string): string {
  const trimmed = detail
    .replace(new RegExp(`^${status}(?:\\s*[:-])?\\s+`), '')
    .replace(new RegExp(`\\s*\\(HTTP ${status}\\)`), '')
    .replace(new RegExp(`"${status}\\s+`), '"');
  return trimmed.trim() === '' ? detail : trimmed;
}
