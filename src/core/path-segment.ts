// Names that end up as one segment of a request path (account and key names, repositories, environments,
// organizations). `.` and `..` survive encodeURIComponent and are then resolved away by URL parsing: the request
// goes to another resource (`api-key-name: ..` turns an update of the key into an update of its account).
import { InputError } from './errors.js';

/** True for `.` and `..`, the two segments a URL resolves away. */
export function isDotSegment(value: string): boolean {
  return value === '.' || value === '..';
}

/** Returns the value, or refuses `.` and `..` with an InputError that names `input`. */
export function pathSegment(value: string, input: string): string {
  if (isDotSegment(value)) throw new InputError(input, `'${value}' cannot be a name: as a path segment it would send the request to another resource`);
  return value;
}
