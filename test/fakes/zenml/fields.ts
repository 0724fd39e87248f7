/** Body fields validated as pydantic v1 (0.58) or v2 (0.74 on) validates them, with each one's coercions. */
import { FieldErrors, boolInvalid, intInvalid, missing } from './validation.ts';

interface FieldRule {
  required?: boolean;
  maxLength?: number;
}

/**
 * Validates an optional/required str field; null means absent if optional. v1 coerces numbers and booleans to
 * text; v2 takes strings only.
 */
export function strField(
  fields: Record<string, unknown>,
  name: string,
  errors: FieldErrors,
  rule: FieldRule = {},
): string | null | undefined {
  const loc = ['body', name];
  if (!(name in fields)) {
    if (rule.required) errors.add(missing(loc, fields));
    return undefined;
  }
  const raw = fields[name];
  const notText = { type: 'string_type', msg: 'Input should be a valid string', input: raw };
  if (raw === null) {
    if (rule.required) errors.add({ loc, v1: { msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' }, v2: notText });
    return null;
  }
  let value: string;
  if (typeof raw === 'string') value = raw;
  else if (!errors.v2 && typeof raw === 'number') value = String(raw);
  else if (!errors.v2 && typeof raw === 'boolean') value = raw ? 'True' : 'False';
  else {
    errors.add({ loc, v1: { msg: 'str type expected', type: 'type_error.str' }, v2: notText });
    return undefined;
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    errors.add({
      loc,
      v1: { msg: `ensure this value has at most ${rule.maxLength} characters`, type: 'value_error.any_str.max_length', ctx: `limit_value=${rule.maxLength}` },
      v2: { type: 'string_too_long', msg: `String should have at most ${rule.maxLength} characters`, input: value, ctx: { max_length: rule.maxLength } },
    });
    return undefined;
  }
  return value;
}

const BOOL_TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const BOOL_FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** Parses a boolean like pydantic (`true`, `1`, `"yes"`, `"off"`, ...); undefined when invalid. */
export function parseBool(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw === 'string') {
    const text = raw.toLowerCase();
    if (BOOL_TRUE.has(text)) return true;
    if (BOOL_FALSE.has(text)) return false;
  }
  return undefined;
}

/** Validates a bool field; null stays null (the caller decides what null means). */
export function boolField(
  fields: Record<string, unknown>,
  name: string,
  errors: FieldErrors,
  rule: FieldRule = {},
): boolean | null | undefined {
  const loc = ['body', name];
  if (!(name in fields)) {
    if (rule.required) errors.add(missing(loc, fields));
    return undefined;
  }
  const raw = fields[name];
  if (raw === null) {
    if (rule.required) {
      errors.add({ loc, v1: { msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' }, v2: boolInvalid(loc, null).v2 });
    }
    return null;
  }
  const value = parseBool(raw);
  if (value === undefined) errors.add(boolInvalid(loc, raw));
  return value;
}

/** Validates an int field: v1 is `int(v)` (floats truncate); v2 refuses a fractional part and null. */
export function intField(fields: Record<string, unknown>, name: string, errors: FieldErrors): number | undefined {
  const loc = ['body', name];
  if (!(name in fields)) return undefined;
  const raw = fields[name];
  if (raw === null) {
    errors.add({ loc, v1: { msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' }, v2: intInvalid(loc, null).v2 });
    return undefined;
  }
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'number' && Number.isFinite(raw) && (!errors.v2 || Number.isInteger(raw))) return Math.trunc(raw);
  if (typeof raw === 'string' && /^\s*[-+]?\d+\s*$/.test(raw.replaceAll('_', ''))) return Number.parseInt(raw.trim(), 10);
  errors.add(intInvalid(loc, raw));
  return undefined;
}
