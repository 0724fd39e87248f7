/** A ZenML service account, with timestamps as ISO 8601 UTC (`…Z`). */
export interface ServiceAccount {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  /** Null when the server sent the account unhydrated (lists). */
  readonly description: string | null;
  readonly created: string;
  readonly updated: string;
}

/** A ZenML API key record. The value is never here: only a create or rotate answer carries it. */
export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly description: string | null;
  readonly retainPeriodMinutes: number | null;
  readonly lastLogin: string | null;
  readonly lastRotated: string | null;
  readonly created: string;
  readonly updated: string;
  readonly serviceAccount: { readonly id: string; readonly name: string; readonly active: boolean };
}

/** An API key as a create or rotate answer gives it, once: with its value. */
export interface ApiKeyWithValue extends ApiKey {
  readonly key: string;
}

/** Who a credential belongs to (`/api/v1/current-user`). */
export interface CurrentUser {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly isServiceAccount: boolean;
  readonly isAdmin: boolean;
}

/** What `/api/v1/info` says about the server. */
export interface ServerInfo {
  readonly id: string;
  readonly version: string;
  readonly authScheme: string;
  readonly active: boolean;
  readonly deploymentType: string | null;
}

/** ZenML writes naive UTC timestamps (`2026-11-22T13:38:53.220412`); this marks them as UTC. */
export function utc(timestamp: string): string;
export function utc(timestamp: string | null | undefined): string | null;
export function utc(timestamp: string | null | undefined): string | null {
  if (!timestamp) return null;
  return /(Z|[+-]\d\d:?\d\d)$/.test(timestamp) ? timestamp : `${timestamp}Z`;
}

type Raw = Record<string, unknown>;
const obj = (value: unknown): Raw => (value !== null && typeof value === 'object' ? (value as Raw) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Maps a `ServiceAccountResponse`. */
export function toServiceAccount(raw: unknown): ServiceAccount {
  const r = obj(raw);
  const body = obj(r['body']);
  const metadata = r['metadata'] === null ? null : obj(r['metadata']);
  return {
    id: str(r['id']),
    name: str(r['name']),
    active: body['active'] === true,
    description: metadata ? strOrNull(metadata['description']) : null,
    created: utc(str(body['created'])),
    updated: utc(str(body['updated'])),
  };
}

/** Maps an `APIKeyResponse`, leaving the value out. */
export function toApiKey(raw: unknown): ApiKey {
  const r = obj(raw);
  const body = obj(r['body']);
  const metadata = r['metadata'] === null ? null : obj(r['metadata']);
  const sa = obj(body['service_account']);
  const retain = metadata?.['retain_period_minutes'];
  return {
    id: str(r['id']),
    name: str(r['name']),
    active: body['active'] === true,
    description: metadata ? strOrNull(metadata['description']) : null,
    retainPeriodMinutes: typeof retain === 'number' ? retain : null,
    lastLogin: utc(strOrNull(metadata?.['last_login'])),
    lastRotated: utc(strOrNull(metadata?.['last_rotated'])),
    created: utc(str(body['created'])),
    updated: utc(str(body['updated'])),
    serviceAccount: { id: str(sa['id']), name: str(sa['name']), active: obj(sa['body'])['active'] === true },
  };
}

/** The value in a create or rotate answer, or undefined when the answer has none. */
export function keyValueOf(raw: unknown): string | undefined {
  const value = obj(obj(raw)['body'])['key'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Maps a `UserResponse`. */
export function toCurrentUser(raw: unknown): CurrentUser {
  const r = obj(raw);
  const body = obj(r['body']);
  return {
    id: str(r['id']),
    name: str(r['name']),
    active: body['active'] === true,
    isServiceAccount: body['is_service_account'] === true,
    isAdmin: body['is_admin'] === true,
  };
}

/** Maps `/api/v1/info`; undefined when the answer is not a ZenML server's. */
export function toServerInfo(raw: unknown): ServerInfo | undefined {
  const r = obj(raw);
  if (typeof r['version'] !== 'string' || typeof r['auth_scheme'] !== 'string') return undefined;
  return {
    id: str(r['id']),
    version: r['version'],
    authScheme: r['auth_scheme'],
    active: r['active'] !== false,
    deploymentType: strOrNull(r['deployment_type']),
  };
}

/**
 * A timestamp as everything this project outputs it: ISO 8601 UTC with `Z` and milliseconds, the form
 * `Date.toISOString` writes (ZenML's own carry microseconds). Inside, records keep ZenML's precision:
 * comparisons (a concurrent rotation) and orderings (audit) need it.
 */
export function isoMillis(timestamp: string): string;
export function isoMillis(timestamp: string | null | undefined): string | null;
export function isoMillis(timestamp: string | null | undefined): string | null {
  const marked = utc(timestamp);
  if (marked === null) return null;
  const ms = Date.parse(marked);
  return Number.isNaN(ms) ? marked : new Date(ms).toISOString();
}
