/**
 * Request validation as ZenML's FastAPI/pydantic stack does it, in the texts of the generation: pydantic v1
 * for 0.58 ([T58]), pydantic v2 from 0.74 on ([T74] §5, §6). Clients show these texts but do not parse them;
 * the shapes (a bare `["ValueError", text]` array, status 422) are what they rely on.
 *
 * Deliberately left out: the `File "…", line N, in <endpoint>` suffix of the recorded 0.74 texts, which the
 * recording says comes from the newer FastAPI of that build, not from a stock 0.74 server.
 */
import { ReplyError, header, json } from './http.ts';
import type { Reply, RequestContext } from './http.ts';
import type { Profile } from './profiles.ts';

export type Loc = Array<string | number>;

/** One validation error, in both pydantic generations' words. */
export interface FieldError {
  loc: Loc;
  v1: { msg: string; type: string; ctx?: string };
  v2: { type: string; msg: string; input: unknown; ctx?: Record<string, unknown> };
}

/** The errors of one request, rendered in the texts of the server's generation. */
export class FieldErrors {
  readonly v2: boolean;
  readonly items: FieldError[] = [];
  constructor(profile: Profile) {
    this.v2 = profile.validationTexts === 'pydantic-v2';
  }
  add(error: FieldError): void {
    this.items.push(error);
  }
  get length(): number {
    return this.items.length;
  }
}

/** Python's `repr` of a JSON value: what pydantic v2 prints as `input`. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t');
    return quote + (quote === "'" ? body.replaceAll("'", "\\'") : body) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

const pyTuple = (loc: Loc): string => `(${loc.map(pyRepr).join(', ')}${loc.length === 1 ? ',' : ''})`;

function v2Line(e: FieldError): string {
  const ctx = e.v2.ctx === undefined ? '' : `, 'ctx': ${pyRepr(e.v2.ctx)}`;
  return `  {'type': ${pyRepr(e.v2.type)}, 'loc': ${pyTuple(e.loc)}, 'msg': ${pyRepr(e.v2.msg)}, 'input': ${pyRepr(e.v2.input)}${ctx}}`;
}

/** ZenML's handler for request validation: a BARE array, no `detail` wrapper, in every generation. */
export function validationReply(errors: FieldErrors): Reply {
  const count = errors.length;
  const plural = count === 1 ? '' : 's';
  if (errors.v2) {
    // [T74] §5: "1 validation error:\n  {...}"; several errors one per line is our reading of the same format.
    return json(422, ['ValueError', `${count} validation error${plural}:\n${errors.items.map(v2Line).join('\n')}`]);
  }
  const lines = errors.items.map((e) => `${e.loc.join(' -> ')}\n  ${e.v1.msg} (type=${e.v1.type}${e.v1.ctx ? `; ${e.v1.ctx}` : ''})`);
  return json(422, ['ValueError', `${count} validation error${plural} for Request\n${lines.join('\n')}`]);
}

/**
 * A filter model's own validation (sort_by, filter values). 0.58: FastAPI's `{"detail": [{loc, msg, type}]}`.
 * 0.74: the pydantic ValidationError text under `{"detail": ["ValueError", ...]}` ([T74] §5 `sort_by=bogus`).
 */
export function modelValidationReply(errors: FieldErrors, model: string): Reply {
  if (!errors.v2) return json(422, { detail: errors.items.map((e) => ({ loc: e.loc, msg: e.v1.msg, type: e.v1.type })) });
  const count = errors.length;
  const lines = errors.items.map((e) => {
    const field = e.loc.slice(1).join('.');
    const input = `input_value=${pyRepr(e.v2.input)}, input_type=${typeof e.v2.input === 'string' ? 'str' : 'NoneType'}`;
    // The pydantic version in the link is the recorded build's.
    return `${field}\n  ${e.v2.msg} [type=${e.v2.type}, ${input}]\n    For further information visit https://errors.pydantic.dev/2.13/v/${e.v2.type}`;
  });
  return json(422, { detail: ['ValueError', `${count} validation error${count === 1 ? '' : 's'} for ${model}\n${lines.join('\n')}`] });
}

/** Throws the 422 reply when validation found errors. */
export function failOn(errors: FieldErrors): void {
  if (errors.length > 0) throw new ReplyError(validationReply(errors));
}

export const missing = (loc: Loc, input: unknown): FieldError => ({
  loc,
  v1: { msg: 'field required', type: 'value_error.missing' },
  v2: { type: 'missing', msg: 'Field required', input },
});

export const boolInvalid = (loc: Loc, input: unknown): FieldError => ({
  loc,
  v1: { msg: 'value could not be parsed to a boolean', type: 'type_error.bool' },
  v2:
    typeof input === 'string' || typeof input === 'number'
      ? { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input', input }
      : { type: 'bool_type', msg: 'Input should be a valid boolean', input },
});

export const intInvalid = (loc: Loc, input: unknown): FieldError => ({
  loc,
  v1: { msg: 'value is not a valid integer', type: 'type_error.integer' },
  v2:
    typeof input === 'string'
      ? { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer', input }
      : typeof input === 'number'
        ? { type: 'int_from_float', msg: 'Input should be a valid integer, got a number with a fractional part', input }
        : { type: 'int_type', msg: 'Input should be a valid integer', input },
});

/** Rust's uuid-crate reason, which pydantic v2 quotes: `invalid character: found `i` at 2` ([T74] §6). */
function uuidReason(raw: string): string {
  const bad = [...raw].findIndex((ch) => !/[0-9a-fA-F-]/.test(ch));
  if (bad >= 0) return `invalid character: found \`${raw[bad]}\` at ${bad + 1}`;
  const groups = raw.split('-');
  if (groups.length === 1) return `invalid length: expected length 32 for simple format, found ${raw.length}`;
  return `invalid group count: expected 5, found ${groups.length}`;
}

export const uuidInvalid = (loc: Loc, raw: string): FieldError => ({
  loc,
  v1: { msg: 'value is not a valid uuid', type: 'type_error.uuid' },
  v2: { type: 'uuid_parsing', msg: `Input should be a valid UUID, ${uuidReason(raw)}`, input: raw, ctx: { error: uuidReason(raw) } },
});

export const notGreaterEqual = (loc: Loc, input: string, limit: number): FieldError => ({
  loc,
  v1: { msg: `ensure this value is greater than or equal to ${limit}`, type: 'value_error.number.not_ge' },
  v2: { type: 'greater_than_equal', msg: `Input should be greater than or equal to ${limit}`, input, ctx: { ge: limit } },
});

export const notLessEqual = (loc: Loc, input: string, limit: number): FieldError => ({
  loc,
  v1: { msg: `ensure this value is less than or equal to ${limit}`, type: 'value_error.number.not_le' },
  v2: { type: 'less_than_equal', msg: `Input should be less than or equal to ${limit}`, input, ctx: { le: limit } },
});

export const badSortBy = (input: string, column: string): FieldError => ({
  loc: ['query', 'sort_by'],
  v1: { msg: `Invalid sort_by column '${column}'.`, type: 'value_error' },
  v2: { type: 'value_error', msg: 'Value error, You can only sort by valid fields of this resource', input },
});

/** The outcome of reading a JSON body the way FastAPI does. */
export type JsonBody =
  | { kind: 'object'; value: Record<string, unknown> }
  | { kind: 'missing' }
  | { kind: 'not-dict'; value: unknown };

/**
 * Reads a JSON body: empty is "field required"; a body is JSON-decoded only without a content
 * type or with `application/json` / `application/*+json` (otherwise it stays bytes, which is "not a
 * valid dict"); undecodable JSON throws a 422 at once, before authentication, as FastAPI does.
 */
export function readJsonBody(ctx: RequestContext, profile: Profile): JsonBody {
  if (ctx.body.length === 0) return { kind: 'missing' };
  const type = (header(ctx, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const [main, sub = ''] = type.split('/');
  const isJson = type === '' || (main === 'application' && (sub === 'json' || sub.endsWith('+json')));
  const text = ctx.body.toString('utf8');
  if (!isJson) return { kind: 'not-dict', value: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Python's json message differs in detail; the shape and location are what clients parse.
    const msg = error instanceof Error ? error.message : 'Expecting value';
    const errors = new FieldErrors(profile);
    errors.add({ loc: ['body', 0], v1: { msg, type: 'value_error.jsondecode' }, v2: { type: 'json_invalid', msg: 'JSON decode error', input: {}, ctx: { error: msg } } });
    throw new ReplyError(validationReply(errors));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'not-dict', value };
  return { kind: 'object', value: value as Record<string, unknown> };
}

/** Adds the body-level error for a missing or non-object body; returns the fields otherwise. */
export function bodyFields(body: JsonBody, errors: FieldErrors): Record<string, unknown> | null {
  if (body.kind === 'object') return body.value;
  errors.add(
    body.kind === 'missing'
      ? missing(['body'], null)
      : {
          loc: ['body'],
          v1: { msg: 'value is not a valid dict', type: 'type_error.dict' },
          v2: { type: 'model_attributes_type', msg: 'Input should be a valid dictionary or object to extract fields from', input: body.value },
        },
  );
  return null;
}
