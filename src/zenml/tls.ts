import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { InputError } from '../core/errors.js';

/** TLS options for the connection to the ZenML server, as Node's https.Agent takes them. */
export interface TlsOptions {
  readonly rejectUnauthorized: boolean;
  readonly ca?: string[];
}

/**
 * Reads `ZENML_STORE_VERIFY_SSL` the way the ZenML client does: `true`/empty verifies against the system
 * CAs, `false` turns verification off, anything else is a CA bundle, given as PEM text or as a file path.
 * A given CA is trusted in addition to the public roots.
 */
export function parseVerifySsl(raw: string | undefined, input = 'ZENML_STORE_VERIFY_SSL'): TlsOptions {
  const text = (raw ?? '').trim();
  const lower = text.toLowerCase();
  if (text === '' || ['true', 'yes', '1', 'on'].includes(lower)) return { rejectUnauthorized: true };
  if (['false', 'no', '0', 'off'].includes(lower)) return { rejectUnauthorized: false };
  const pem = text.includes('-----BEGIN CERTIFICATE-----') ? text : readCaFile(text, input);
  return { rejectUnauthorized: true, ca: [...rootCertificates, pem] };
}

function readCaFile(path: string, input: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(input, `expected true, false, PEM text or a CA bundle file; cannot read '${path}' (${code})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InputError(input, `'${path}' holds no PEM certificate`);
  }
  return pem;
}
