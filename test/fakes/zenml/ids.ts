/** Identifier helpers shared by the fake ZenML server's modules. */
import { randomUUID } from 'node:crypto';

/** Returns a fresh random (v4) UUID in canonical form. */
export function newId(): string {
  return randomUUID();
}

/**
 * Parses a string the way Python's `uuid.UUID(str)` does (braces, `urn:uuid:` prefix, hyphens
 * anywhere and upper case are all accepted) and returns the canonical form, or null.
 */
export function parseUuid(value: string): string | null {
  let text = value.trim();
  if (text.startsWith('urn:')) text = text.slice(4);
  if (text.startsWith('uuid:')) text = text.slice(5);
  text = text.replace(/^\{+|\}+$/g, '').replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(text)) return null;
  const hex = text.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
