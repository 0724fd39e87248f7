/** List endpoints: `hydrate`, ZenML filter syntax (`op:value`), `sort_by`, pagination. */
import { parseBool } from './fields.ts';
import { ReplyError, json } from './http.ts';
import type { Profile } from './profiles.ts';
import { FieldErrors, badSortBy, boolInvalid, intInvalid, modelValidationReply, notGreaterEqual, notLessEqual, validationReply } from './validation.ts';

/** A column's value for filtering and sorting: text, boolean or null. */
export type Column = string | boolean | null;

/** The parsed list query and the one page it selects. */
export interface ListResult<T> {
  hydrate: boolean;
  index: number;
  size: number;
  total: number;
  items: T[];
}

const OPERATORS = new Set(['equals', 'contains', 'startswith', 'endswith', 'gt', 'gte', 'lt', 'lte']);
const PAGING = new Set(['page', 'size', 'sort_by', 'logical_operator', 'hydrate']);

function matches(actual: Column, raw: string, isBool: boolean, errors: FieldErrors, name: string): boolean {
  if (isBool) {
    const wanted = parseBool(raw);
    if (wanted === undefined) {
      // On 0.74 this is not recorded: we give it the recorded sort_by error's shape.
      errors.add(boolInvalid(['query', name], raw));
      return false;
    }
    return actual === wanted;
  }
  const colon = raw.indexOf(':');
  const op = colon > 0 && OPERATORS.has(raw.slice(0, colon)) ? raw.slice(0, colon) : 'equals';
  const value = op === 'equals' && !raw.startsWith('equals:') ? raw : raw.slice(colon + 1);
  const text = actual === null ? null : String(actual);
  if (text === null) return false;
  switch (op) {
    case 'contains':
      return text.includes(value);
    case 'startswith':
      return text.startsWith(value);
    case 'endswith':
      return text.endsWith(value);
    case 'gt':
      return text > value;
    case 'gte':
      return text >= value;
    case 'lt':
      return text < value;
    case 'lte':
      return text <= value;
    default:
      return text === value;
  }
}

function positiveInt(query: URLSearchParams, name: string, fallback: number, max: number, errors: FieldErrors): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) {
    errors.add(intInvalid(['query', name], raw));
    return fallback;
  }
  const value = Number.parseInt(raw, 10);
  if (value < 1) errors.add(notGreaterEqual(['query', name], raw, 1));
  else if (value > max) errors.add(notLessEqual(['query', name], raw, max));
  return value;
}

/**
 * Filters, sorts and pages `rows`. `columns` gives each filterable/sortable column (booleans filter by
 * equality only). Throws 422 or 400 for a page past the end. 0.58: a bare array for `hydrate`, FastAPI's list
 * for the filter model ([T58]). 0.74 ([T74] §5): a bare array for page and size, the filter model's
 * (`model`) pydantic text under `detail` for sort_by.
 */
export function listRows<T>(
  profile: Profile,
  query: URLSearchParams,
  rows: T[],
  columns: Record<string, (row: T) => Column>,
  booleanColumns: ReadonlySet<string>,
  model: string,
): ListResult<T> {
  let hydrate = false;
  const hydrateRaw = query.get('hydrate');
  if (hydrateRaw !== null) {
    const parsed = parseBool(hydrateRaw);
    if (parsed === undefined) {
      const errors = new FieldErrors(profile);
      errors.add(boolInvalid(['query', 'hydrate'], hydrateRaw));
      throw new ReplyError(validationReply(errors));
    }
    hydrate = parsed;
  }
  const paging = new FieldErrors(profile);
  const page = positiveInt(query, 'page', 1, Number.MAX_SAFE_INTEGER, paging);
  const size = positiveInt(query, 'size', 20, 10000, paging);
  if (paging.v2 && paging.length > 0) throw new ReplyError(validationReply(paging));
  const errors = new FieldErrors(profile);
  for (const error of paging.items) errors.add(error);
  const sortBy = query.get('sort_by') ?? 'created';
  const sortMatch = /^(?:(asc|desc):)?(.+)$/.exec(sortBy);
  const descending = sortMatch?.[1] === 'desc';
  const sortColumn = sortMatch?.[2] ?? 'created';
  const sortGetter = columns[sortColumn];
  if (sortGetter === undefined) {
    errors.add(badSortBy(sortBy, sortColumn));
  }
  const anyOf = (query.get('logical_operator') ?? 'and') === 'or';
  const filters = [...query.entries()].filter(([name]) => !PAGING.has(name) && name in columns);
  const selected = rows.filter((row) => {
    if (filters.length === 0) return true;
    const results = filters.map(([name, raw]) => {
      const getter = columns[name] as (row: T) => Column;
      return matches(getter(row), raw, booleanColumns.has(name), errors, name);
    });
    return anyOf ? results.some(Boolean) : results.every(Boolean);
  });
  if (errors.length > 0) {
    const seen = new Set<string>();
    const once = new FieldErrors(profile);
    for (const e of errors.items) if (!seen.has(e.loc.join()) && seen.add(e.loc.join())) once.add(e);
    throw new ReplyError(modelValidationReply(once, model));
  }
  const idOf = columns['id'] as (row: T) => Column;
  const getter = sortGetter as (row: T) => Column;
  const compare = (a: Column, b: Column): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  selected.sort((a, b) => (descending ? -1 : 1) * compare(getter(a), getter(b)) || compare(idOf(a), idOf(b)));
  const total = selected.length;
  const totalPages = Math.max(1, Math.ceil(total / size));
  if (page > totalPages) {
    throw new ReplyError(
      json(400, {
        detail: [
          'ValueError',
          `Invalid page ${page}. The requested page size is ${size} and there are a total of ${total} items for this query. The maximum page value therefore is ${totalPages}.`,
        ],
      }),
    );
  }
  return { hydrate, index: page, size, total, items: selected.slice((page - 1) * size, page * size) };
}
