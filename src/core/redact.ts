// Hiding secrets in text: the forms a secret travels in, and the redactor every message passes through.
import { apiKeyForms } from '../zenml/api-key.js';

const MIN_LENGTH = 4;

/**
 * Every form of a secret that a request carries or a server could echo back: the value itself, and for a ZenML
 * key its base64 body and its inner secret; each raw, as `encodeURIComponent` writes it (a path or query), and as
 * `application/x-www-form-urlencoded` writes it (a login form: `+` for space, `!'()~` escaped). The one list
 * both the runner's masks (`::add-mask::`) and the redactor use. Forms shorter than 4 characters are left out:
 * hiding them would hide words.
 */
export function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const forms = new Set<string>();
  for (const part of apiKeyForms(secret)) {
    forms.add(part);
    forms.add(encodeURIComponent(part));
    forms.add(new URLSearchParams({ v: part }).toString().slice(2));
  }
  return [...forms].filter((form) => form.length >= MIN_LENGTH);
}

// Secrets nobody registered, hidden by their shape: a ZenML key (also percent-encoded) and a JWT, or the base64 of
// a JSON object (`eyJ…`: a key's body, a token's parts). A server that hands a new key back inside an error detail
// must not get it printed.
const UNREGISTERED = [/ZENKEY_(?:[A-Za-z0-9+/=]|%[0-9A-Fa-f]{2})+/g, /eyJ(?:[A-Za-z0-9+/=_-]|%[0-9A-Fa-f]{2}){16,}(?:\.(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2})+){0,2}/g];

/** Replaces every known secret, in every form, and anything shaped like a key or a token, with `***`. */
export class Redactor {
  readonly #forms = new Set<string>();

  /** Registers secrets to hide, with every form of each (see `secretForms`). */
  add(...secrets: Array<string | undefined>): void {
    for (const secret of secrets) if (secret) for (const form of secretForms(secret)) this.#forms.add(form);
  }

  /**
   * The text with every registered form replaced by `***`, longest first (so that no part of a longer form
   * survives), then every unregistered key or token. Call it on raw text: before any cut or whitespace change.
   */
  redact(text: string): string {
    let out = text;
    for (const form of [...this.#forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('***');
    for (const shape of UNREGISTERED) out = out.replace(shape, '***');
    return out;
  }
}
