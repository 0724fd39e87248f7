/** Response bodies with ZenML's field order: service accounts, API keys, users, pages, server info. */
import { formatMicros, formatOptionalMicros } from './clock.ts';
import type { Profile } from './profiles.ts';
import type { ApiKeyRecord, ServiceAccountRecord, UserRecord } from './store.ts';

/** Renders a service account (metadata only when hydrated). */
export function serviceAccountModel(sa: ServiceAccountRecord, hydrate: boolean, profile: Profile): object {
  const created = formatMicros(sa.created);
  const updated = formatMicros(sa.updated);
  const body = profile.serviceAccountDisplayFields
    ? { created, updated, full_name: sa.fullName, active: sa.active, avatar_url: sa.avatarUrl }
    : { created, updated, active: sa.active };
  const metadata = profile.serviceAccountDisplayFields ? { description: sa.description, external_user_id: null } : { description: sa.description };
  return {
    body,
    metadata: hydrate ? metadata : null,
    resources: null,
    id: sa.id,
    permission_denied: false,
    name: sa.name,
  };
}

/** Renders an API key; `value` is the key string, only given right after create and rotate. */
export function apiKeyModel(
  key: ApiKeyRecord,
  sa: ServiceAccountRecord,
  hydrate: boolean,
  profile: Profile,
  value: string | null = null,
): object {
  return {
    body: {
      created: formatMicros(key.created),
      updated: formatMicros(key.updated),
      key: value,
      active: key.active,
      service_account: serviceAccountModel(sa, false, profile),
    },
    metadata: hydrate
      ? {
          description: key.description,
          retain_period_minutes: key.retainPeriodMinutes,
          last_login: formatOptionalMicros(key.lastLogin),
          last_rotated: formatOptionalMicros(key.lastRotated),
        }
      : null,
    resources: null,
    id: key.id,
    permission_denied: false,
    name: key.name,
  };
}

/** [T58] has `hub_token`; [T74] §4 has `{email, external_user_id, user_metadata}`. */
function metadataOf(profile: Profile): object {
  return profile.userMetadata === '0.58'
    ? { email: null, hub_token: null, external_user_id: null, user_metadata: {} }
    : { email: null, external_user_id: null, user_metadata: {} };
}

/** Renders a user or a service account as the `UserResponse` of `/current-user` and `/users`. */
export function userModel(account: UserRecord | ServiceAccountRecord, hydrate: boolean, profile: Profile): object {
  const isServiceAccount = !('passwordHash' in account);
  return {
    body: {
      created: formatMicros(account.created),
      updated: formatMicros(account.updated),
      active: account.active,
      activation_token: null,
      full_name: isServiceAccount ? account.fullName : '',
      // Observed: false for a service account, null for the auto-created admin user.
      email_opted_in: isServiceAccount ? false : null,
      is_service_account: isServiceAccount,
      is_admin: isServiceAccount ? false : account.admin,
    },
    metadata: hydrate ? metadataOf(profile) : null,
    resources: null,
    id: account.id,
    permission_denied: false,
    name: account.name,
  };
}

/** Wraps one page of items in ZenML's page envelope. */
export function pageModel(index: number, size: number, total: number, items: object[]): object {
  return { index, max_size: size, total_pages: Math.max(1, Math.ceil(total / size)), total, items };
}

/** The `/api/v1/info` body of the generation. */
export function serverInfoModel(serverId: string, version: string, profile: Profile, active: boolean): object {
  const common = {
    id: serverId,
    version,
    active,
    debug: false,
    deployment_type: 'docker',
    database_type: 'sqlite',
    secrets_store_type: 'sql',
    auth_scheme: 'OAUTH2_PASSWORD_BEARER',
    server_url: '',
    dashboard_url: '',
    analytics_enabled: false,
    metadata: {},
  };
  if (profile.info === '0.58') return { ...common, use_legacy_dashboard: false };
  // [T74] §1 names the Pro workspace "tenant"; [DOC] §7 (the 2026 dashboard schema) names it "workspace".
  const proPlace = profile.info === '0.74' ? { pro_tenant_id: null, pro_tenant_name: null } : { pro_workspace_id: null, pro_workspace_name: null };
  return {
    ...common,
    name: 'fake-zenml',
    last_user_activity: null,
    pro_dashboard_url: null,
    pro_api_url: null,
    pro_organization_id: null,
    pro_organization_name: null,
    ...proPlace,
  };
}
