/** Replaces every known secret in a text with `***`; the last line of defence for messages. */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Registers secrets to hide; values shorter than 4 characters are ignored (they would hide words). */
  add(...secrets: Array<string | undefined>): void {
    for (const secret of secrets) if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  /** The text with every registered secret (and its percent-encoded form) replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
    }
    return out;
  }
}
