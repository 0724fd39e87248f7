/** `/api/v1/service_accounts/{sa_uuid}/api_keys[/{key}[/rotate]]`. */
import { authenticate } from './auth.ts';
import type { Core } from './auth.ts';
import { formatOptionalMicros, formatMicros } from './clock.ts';
import { boolField, intField, strField } from './fields.ts';
import { ReplyError, json, keyError, zenError } from './http.ts';
import type { Reply, RequestContext } from './http.ts';
import { FieldErrors, bodyFields, failOn, readJsonBody, uuidInvalid, validationReply } from './validation.ts';
import type { JsonBody } from './validation.ts';
import { parseUuid } from './ids.ts';
import { listRows } from './listing.ts';
import type { Column } from './listing.ts';
import { apiKeyModel, pageModel } from './models.ts';
import { hydrateParam, requireAdmin, serviceAccountNotFound } from './service-accounts.ts';
import type { ApiKeyRecord, ServiceAccountRecord } from './store.ts';

const KEY_COLUMNS: Record<string, (key: ApiKeyRecord) => Column> = {
  id: (key) => key.id,
  created: (key) => formatMicros(key.created),
  updated: (key) => formatMicros(key.updated),
  name: (key) => key.name,
  description: (key) => key.description,
  active: (key) => key.active,
  last_login: (key) => formatOptionalMicros(key.lastLogin),
  last_rotated: (key) => formatOptionalMicros(key.lastRotated),
};

/** The SA path segment must be a UUID on every api_keys route, even where a name would be unambiguous. */
function pathServiceAccountId(raw: string, errors: FieldErrors): string | null {
  const id = parseUuid(raw);
  if (id === null) errors.add(uuidInvalid(['path', 'service_account_id'], raw));
  return id;
}

function serviceAccount(core: Core, id: string): ServiceAccountRecord {
  const sa = core.store.serviceAccounts.get(id);
  if (sa === undefined) throw serviceAccountNotFound(id);
  return sa;
}

function apiKey(core: Core, sa: ServiceAccountRecord, nameOrId: string): ApiKeyRecord {
  const key = core.store.keyByNameOrId(sa, nameOrId);
  if (key === undefined) {
    throw new ReplyError(keyError(`An API key with ID or name '${nameOrId}' is not configured for service account with ID '${sa.id}'.`));
  }
  return key;
}

function keyNameClash(sa: ServiceAccountRecord, name: string, verb: 'register' | 'update'): Reply {
  return zenError(
    409,
    'EntityExistsError',
    `Unable to ${verb} API key with name '${name}': Found an existing API key with the same name configured for the same '${sa.name}' service account.`,
  );
}

/** Shared prologue: JSON body (when the route has one), auth, then path + body validation. */
function prologue(core: Core, ctx: RequestContext, rawSaId: string, withBody: boolean) {
  const body: JsonBody | null = withBody ? readJsonBody(ctx, core.profile) : null;
  const principal = authenticate(core, ctx);
  const errors = new FieldErrors(core.profile);
  const saId = pathServiceAccountId(rawSaId, errors);
  const fields = body === null ? {} : (bodyFields(body, errors) ?? {});
  return { principal, errors, saId, fields, bodyOk: body === null || body.kind === 'object' };
}

/** POST .../api_keys: 200 with the only copy of the key string. */
export function createApiKey(core: Core, ctx: RequestContext, rawSaId: string): Reply {
  const { principal, errors, saId, fields, bodyOk } = prologue(core, ctx, rawSaId, true);
  const name = bodyOk ? strField(fields, 'name', errors, { required: true, maxLength: 255 }) : undefined;
  const description = bodyOk ? strField(fields, 'description', errors, { maxLength: 65535 }) : undefined;
  failOn(errors);
  requireAdmin(core, principal, 'create API key');
  if (saId === null || typeof name !== 'string') return validationReply(errors);
  const sa = serviceAccount(core, saId);
  if (core.store.keysOf(sa).some((other) => other.name === name)) return keyNameClash(sa, name, 'register');
  const created = core.store.createApiKey(sa, name, description ?? '');
  return json(200, apiKeyModel(created.key, sa, true, core.profile, created.value));
}

/** GET .../api_keys: a page, unhydrated by default. */
export function listApiKeys(core: Core, ctx: RequestContext, rawSaId: string): Reply {
  const { errors, saId } = prologue(core, ctx, rawSaId, false);
  failOn(errors);
  if (saId === null) return validationReply(errors);
  const sa = serviceAccount(core, saId);
  const page = listRows(core.profile, ctx.query, core.store.keysOf(sa), KEY_COLUMNS, new Set(['active']), 'APIKeyFilter');
  const items = page.items.map((key) => apiKeyModel(key, sa, page.hydrate, core.profile));
  return json(200, pageModel(page.index, page.size, page.total, items));
}

/** GET .../api_keys/{name_or_id}: hydrated by default, `key` always null. */
export function getApiKey(core: Core, ctx: RequestContext, rawSaId: string, keyNameOrId: string): Reply {
  const { errors, saId } = prologue(core, ctx, rawSaId, false);
  failOn(errors);
  const hydrate = hydrateParam(core, ctx, true);
  if (saId === null) return validationReply(errors);
  const sa = serviceAccount(core, saId);
  return json(200, apiKeyModel(apiKey(core, sa, keyNameOrId), sa, hydrate, core.profile));
}

/**
 * PUT .../api_keys/{name_or_id}. The 0.58 trap: a body WITHOUT `active` means `active: true`
 * (explicit null leaves it unchanged); from 0.74 on a missing `active` leaves it unchanged ([T74] §8).
 */
export function updateApiKey(core: Core, ctx: RequestContext, rawSaId: string, keyNameOrId: string): Reply {
  const { principal, errors, saId, fields, bodyOk } = prologue(core, ctx, rawSaId, true);
  const name = bodyOk ? strField(fields, 'name', errors, { maxLength: 255 }) : undefined;
  const description = bodyOk ? strField(fields, 'description', errors, { maxLength: 65535 }) : undefined;
  let active = bodyOk ? boolField(fields, 'active', errors) : undefined;
  failOn(errors);
  requireAdmin(core, principal, 'update API key');
  if (saId === null) return validationReply(errors);
  if (active === undefined && core.profile.keyUpdateWithoutActive === 'reactivates') active = true;
  const sa = serviceAccount(core, saId);
  const key = apiKey(core, sa, keyNameOrId);
  if (typeof name === 'string' && core.store.keysOf(sa).some((other) => other.name === name && other.id !== key.id)) {
    return keyNameClash(sa, name, 'update');
  }
  if (typeof name === 'string') key.name = name;
  if (typeof description === 'string') key.description = description;
  if (typeof active === 'boolean') key.active = active;
  key.updated = core.store.clock.nowMicros();
  return json(200, apiKeyModel(key, sa, true, core.profile));
}

/** PUT .../api_keys/{name_or_id}/rotate: JSON body required (`{}` = retain 0), metadata null. */
export function rotateApiKey(core: Core, ctx: RequestContext, rawSaId: string, keyNameOrId: string): Reply {
  const { principal, errors, saId, fields, bodyOk } = prologue(core, ctx, rawSaId, true);
  const retain = bodyOk ? intField(fields, 'retain_period_minutes', errors) : undefined;
  failOn(errors);
  requireAdmin(core, principal, 'rotate API key');
  if (saId === null) return validationReply(errors);
  const sa = serviceAccount(core, saId);
  const key = apiKey(core, sa, keyNameOrId);
  // No bounds check, as on the server: a negative retention behaves like 0.
  const value = core.store.rotateApiKey(key, retain ?? 0);
  return json(200, apiKeyModel(key, sa, false, core.profile, value));
}

/** DELETE .../api_keys/{name_or_id}: 200 null. */
export function deleteApiKey(core: Core, ctx: RequestContext, rawSaId: string, keyNameOrId: string): Reply {
  const { principal, errors, saId } = prologue(core, ctx, rawSaId, false);
  failOn(errors);
  requireAdmin(core, principal, 'delete API key');
  if (saId === null) return validationReply(errors);
  const sa = serviceAccount(core, saId);
  core.store.apiKeys.delete(apiKey(core, sa, keyNameOrId).id);
  return json(200, null);
}
