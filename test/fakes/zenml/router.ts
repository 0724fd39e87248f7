/** Matches a request to its handler the way Starlette does: exact segments, 404 then 405. */
import { authenticate, isAdmin, login } from './auth.ts';
import type { Core } from './auth.ts';
import { createApiKey, deleteApiKey, getApiKey, listApiKeys, rotateApiKey, updateApiKey } from './api-keys.ts';
import { ReplyError, json, zenError } from './http.ts';
import type { Reply, RequestContext } from './http.ts';
import { listRows } from './listing.ts';
import type { Column } from './listing.ts';
import { pageModel, serverInfoModel, userModel } from './models.ts';
import {
  createServiceAccount,
  deleteServiceAccount,
  getServiceAccount,
  hydrateParam,
  listServiceAccounts,
  updateServiceAccount,
} from './service-accounts.ts';
import type { UserRecord } from './store.ts';
import { formatMicros } from './clock.ts';
import type { Profile } from './profiles.ts';
import { strField } from './fields.ts';
import { FieldErrors, bodyFields, failOn, readJsonBody } from './validation.ts';

type Handler = (core: Core, ctx: RequestContext, params: string[]) => Reply;

interface Route {
  methods: string[];
  /** Path segments; `*` is a path parameter (one non-empty segment). */
  pattern: string[];
  handler: Handler;
  /** Served only where the profile says so. */
  when?: (profile: Profile) => boolean;
}

const USER_COLUMNS: Record<string, (user: UserRecord) => Column> = {
  id: (user) => user.id,
  created: (user) => formatMicros(user.created),
  updated: (user) => formatMicros(user.updated),
  name: (user) => user.name,
  active: (user) => user.active,
};

const p = (path: string): string[] => path.split('/').slice(1);

/**
 * `PUT /api/v1/activate` (no auth): creates the admin user of a fresh server ([T74] §2; [DOC] §7 for 0.58). The
 * fake starts activated unless `activated: false`, like a server with ZENML_SERVER_AUTO_ACTIVATE=1.
 */
function activate(core: Core, ctx: RequestContext): Reply {
  const body = readJsonBody(ctx, core.profile);
  const errors = new FieldErrors(core.profile);
  const fields = bodyFields(body, errors) ?? {};
  const name = strField(fields, 'admin_username', errors, { maxLength: 255 });
  const password = strField(fields, 'admin_password', errors);
  failOn(errors);
  if (core.active) throw new ReplyError(zenError(403, 'IllegalOperationError', 'The server is already active.'));
  const user = core.store.addUser(name ?? 'default', password ?? '', true);
  core.active = true;
  return json(200, userModel(user, true, core.profile));
}

const ROUTES: Route[] = [
  { methods: ['GET', 'HEAD'], pattern: p('/health'), handler: () => json(200, 'OK') },
  { methods: ['GET', 'HEAD'], pattern: p('/ready'), handler: () => json(200, 'OK'), when: (profile) => profile.readyRoute },
  { methods: ['GET'], pattern: p('/api/v1/info'), handler: (core) => json(200, serverInfoModel(core.serverId, core.version, core.profile, core.active)) },
  { methods: ['GET'], pattern: p('/api/v1/version'), handler: (core) => json(200, core.version) },
  { methods: ['POST'], pattern: p('/api/v1/login'), handler: (core, ctx) => login(core, ctx) },
  { methods: ['PUT'], pattern: p('/api/v1/activate'), handler: activate },
  {
    methods: ['GET'],
    pattern: p('/api/v1/logout'),
    handler: (core) =>
      json(200, null, {
        'set-cookie': `zenml-server-${core.serverId}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax`,
      }),
  },
  {
    methods: ['GET'],
    pattern: p('/api/v1/current-user'),
    handler: (core, ctx) => {
      const principal = authenticate(core, ctx);
      const hydrate = hydrateParam(core, ctx, true);
      return json(200, userModel(principal.kind === 'user' ? principal.user : principal.serviceAccount, hydrate, core.profile));
    },
  },
  {
    methods: ['GET'],
    pattern: p('/api/v1/users'),
    handler: (core, ctx) => {
      // Observed: a non-admin (e.g. an SA token) gets an empty page, not a 403.
      const principal = authenticate(core, ctx);
      const rows = isAdmin(principal) ? [...core.store.users.values()] : [];
      const page = listRows(core.profile, ctx.query, rows, USER_COLUMNS, new Set(['active']), 'UserFilter');
      const items = page.items.map((user) => userModel(user, page.hydrate, core.profile));
      return json(200, pageModel(page.index, page.size, page.total, items));
    },
  },
  { methods: ['GET'], pattern: p('/api/v1/service_accounts'), handler: listServiceAccounts },
  { methods: ['POST'], pattern: p('/api/v1/service_accounts'), handler: createServiceAccount },
  { methods: ['GET'], pattern: p('/api/v1/service_accounts/*'), handler: (c, x, [a = '']) => getServiceAccount(c, x, a) },
  { methods: ['PUT'], pattern: p('/api/v1/service_accounts/*'), handler: (c, x, [a = '']) => updateServiceAccount(c, x, a) },
  { methods: ['DELETE'], pattern: p('/api/v1/service_accounts/*'), handler: (c, x, [a = '']) => deleteServiceAccount(c, x, a) },
  { methods: ['GET'], pattern: p('/api/v1/service_accounts/*/api_keys'), handler: (c, x, [a = '']) => listApiKeys(c, x, a) },
  { methods: ['POST'], pattern: p('/api/v1/service_accounts/*/api_keys'), handler: (c, x, [a = '']) => createApiKey(c, x, a) },
  { methods: ['GET'], pattern: p('/api/v1/service_accounts/*/api_keys/*'), handler: (c, x, [a = '', k = '']) => getApiKey(c, x, a, k) },
  { methods: ['PUT'], pattern: p('/api/v1/service_accounts/*/api_keys/*'), handler: (c, x, [a = '', k = '']) => updateApiKey(c, x, a, k) },
  { methods: ['DELETE'], pattern: p('/api/v1/service_accounts/*/api_keys/*'), handler: (c, x, [a = '', k = '']) => deleteApiKey(c, x, a, k) },
  { methods: ['PUT'], pattern: p('/api/v1/service_accounts/*/api_keys/*/rotate'), handler: (c, x, [a = '', k = '']) => rotateApiKey(c, x, a, k) },
];

function match(pattern: string[], segments: string[]): string[] | null {
  if (pattern.length !== segments.length) return null;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i += 1) {
    const want = pattern[i] as string;
    const got = segments[i] as string;
    if (want === '*') {
      if (got === '') return null;
      params.push(got);
    } else if (want !== got) {
      return null;
    }
  }
  return params;
}

/** Dispatches one request; unknown paths (including trailing slashes) are 404, wrong methods 405. */
export function dispatch(core: Core, ctx: RequestContext): Reply {
  const segments = ctx.path.split('/').slice(1);
  let pathMatched = false;
  for (const route of ROUTES) {
    if (route.when !== undefined && !route.when(core.profile)) continue;
    const params = match(route.pattern, segments);
    if (params === null) continue;
    pathMatched = true;
    if (route.methods.includes(ctx.method)) return route.handler(core, ctx, params);
  }
  return pathMatched ? json(405, { detail: 'Method Not Allowed' }) : json(404, { detail: 'Not Found' });
}
