/** `/api/v1/service_accounts` and `/api/v1/service_accounts/{name_or_id}`. */
import { authenticate, isAdmin } from './auth.ts';
import type { Core, Principal } from './auth.ts';
import { boolField, strField } from './fields.ts';
import { ReplyError, json, keyError, zenError } from './http.ts';
import type { Reply, RequestContext } from './http.ts';
import { FieldErrors, boolInvalid, bodyFields, failOn, readJsonBody, validationReply } from './validation.ts';
import { listRows } from './listing.ts';
import type { Column } from './listing.ts';
import { pageModel, serviceAccountModel } from './models.ts';
import type { ServiceAccountRecord } from './store.ts';
import { formatMicros } from './clock.ts';

/**
 * [DOC] PR #5007: servers after 0.74 without RBAC let only admins mutate SAs and keys. The text is the one 0.74
 * already sends for user creation ([T74] §11 "create user"); the operation names are a guess.
 */
export function requireAdmin(core: Core, principal: Principal, operation: string): void {
  if (core.profile.adminOnlyMutations && !isAdmin(principal)) {
    throw new ReplyError(zenError(403, 'IllegalOperationError', `Only admin users can perform \`${operation}\` without RBAC enabled.`));
  }
}

/** Reads `?hydrate=` with the endpoint's default; an unparsable value is a bare-array 422. */
export function hydrateParam(core: Core, ctx: RequestContext, fallback: boolean): boolean {
  const raw = ctx.query.get('hydrate');
  if (raw === null) return fallback;
  const value = raw.toLowerCase();
  if (['1', 'on', 't', 'true', 'y', 'yes'].includes(value)) return true;
  if (['0', 'off', 'f', 'false', 'n', 'no'].includes(value)) return false;
  const errors = new FieldErrors(core.profile);
  errors.add(boolInvalid(['query', 'hydrate'], raw));
  throw new ReplyError(validationReply(errors));
}

/** The 404 of an unknown service account, with Python's KeyError quotes. */
export function serviceAccountNotFound(nameOrId: string): ReplyError {
  return new ReplyError(keyError(`No service account with the '${nameOrId}' name or ID was found`));
}

const SA_COLUMNS: Record<string, (sa: ServiceAccountRecord) => Column> = {
  id: (sa) => sa.id,
  created: (sa) => formatMicros(sa.created),
  updated: (sa) => formatMicros(sa.updated),
  name: (sa) => sa.name,
  description: (sa) => sa.description,
  active: (sa) => sa.active,
  full_name: (sa) => sa.fullName,
};

/** POST /api/v1/service_accounts */
export function createServiceAccount(core: Core, ctx: RequestContext): Reply {
  const body = readJsonBody(ctx, core.profile);
  const principal = authenticate(core, ctx);
  const errors = new FieldErrors(core.profile);
  const fields = bodyFields(body, errors);
  if (fields === null) return validationReply(errors);
  const name = strField(fields, 'name', errors, { required: true, maxLength: 255 });
  const fullName = core.profile.serviceAccountDisplayFields ? strField(fields, 'full_name', errors, { maxLength: 255 }) : undefined;
  const description = strField(fields, 'description', errors, { maxLength: 65535 });
  const active = boolField(fields, 'active', errors, { required: true });
  const avatarUrl = core.profile.serviceAccountDisplayFields ? strField(fields, 'avatar_url', errors, { maxLength: 65535 }) : undefined;
  failOn(errors);
  requireAdmin(core, principal, 'create service account');
  if (typeof name !== 'string' || typeof active !== 'boolean') return validationReply(errors);
  if (core.store.serviceAccountByName(name) !== undefined) {
    return zenError(409, 'EntityExistsError', `Unable to create service account with name '${name}': Found existing service account with this name.`);
  }
  const sa = core.store.createServiceAccount({
    name,
    description: description ?? '',
    active,
    fullName: fullName ?? '',
    avatarUrl: avatarUrl ?? null,
  });
  return json(200, serviceAccountModel(sa, true, core.profile));
}

/** GET /api/v1/service_accounts */
export function listServiceAccounts(core: Core, ctx: RequestContext): Reply {
  authenticate(core, ctx);
  const rows = [...core.store.serviceAccounts.values()];
  const page = listRows(core.profile, ctx.query, rows, SA_COLUMNS, new Set(['active']), 'ServiceAccountFilter');
  const items = page.items.map((sa) => serviceAccountModel(sa, page.hydrate, core.profile));
  return json(200, pageModel(page.index, page.size, page.total, items));
}

function lookup(core: Core, nameOrId: string): ServiceAccountRecord {
  const sa = core.store.serviceAccountByNameOrId(nameOrId);
  if (sa === undefined) throw serviceAccountNotFound(nameOrId);
  return sa;
}

/** GET /api/v1/service_accounts/{name_or_id} */
export function getServiceAccount(core: Core, ctx: RequestContext, nameOrId: string): Reply {
  authenticate(core, ctx);
  const hydrate = hydrateParam(core, ctx, true);
  return json(200, serviceAccountModel(lookup(core, nameOrId), hydrate, core.profile));
}

/** PUT /api/v1/service_accounts/{name_or_id}: partial update, null or missing fields unchanged. */
export function updateServiceAccount(core: Core, ctx: RequestContext, nameOrId: string): Reply {
  const body = readJsonBody(ctx, core.profile);
  const principal = authenticate(core, ctx);
  const errors = new FieldErrors(core.profile);
  const fields = bodyFields(body, errors);
  if (fields === null) return validationReply(errors);
  const name = strField(fields, 'name', errors, { maxLength: 255 });
  const fullName = core.profile.serviceAccountDisplayFields ? strField(fields, 'full_name', errors, { maxLength: 255 }) : undefined;
  const description = strField(fields, 'description', errors, { maxLength: 65535 });
  const active = boolField(fields, 'active', errors);
  const avatarUrl = core.profile.serviceAccountDisplayFields ? strField(fields, 'avatar_url', errors, { maxLength: 65535 }) : undefined;
  failOn(errors);
  requireAdmin(core, principal, 'update service account');
  const sa = lookup(core, nameOrId);
  if (typeof name === 'string' && name !== sa.name && core.store.serviceAccountByName(name) !== undefined) {
    return zenError(409, 'EntityExistsError', `Unable to update service account with name '${name}': Found an existing service account with this name.`);
  }
  if (typeof name === 'string') sa.name = name;
  if (typeof fullName === 'string') sa.fullName = fullName;
  if (typeof description === 'string') sa.description = description;
  if (typeof active === 'boolean') sa.active = active;
  if (typeof avatarUrl === 'string') sa.avatarUrl = avatarUrl;
  sa.updated = core.store.clock.nowMicros();
  return json(200, serviceAccountModel(sa, true, core.profile));
}

/** DELETE /api/v1/service_accounts/{name_or_id}: cascades to the SA's keys. */
export function deleteServiceAccount(core: Core, ctx: RequestContext, nameOrId: string): Reply {
  const principal = authenticate(core, ctx);
  requireAdmin(core, principal, 'delete service account');
  const sa = lookup(core, nameOrId);
  if (sa.ownsResources) {
    return zenError(
      403,
      'IllegalOperationError',
      'The service account has already been used to create other resources that it now owns and therefore cannot be deleted. Please delete all resources owned by the service account or consider deactivating it instead.',
    );
  }
  core.store.deleteServiceAccount(sa);
  return json(200, null);
}
