/**
 * A fake ZenML server: a real HTTP(S) server on 127.0.0.1 (port 0) that answers the service-account,
 * API-key and login endpoints like one of three server generations (`generation`, default "0.58"), each a
 * named profile of behaviours in `zenml/profiles.ts` with the source of every behaviour:
 * - `0.58`: as the ZenML 0.58.0 server recorded in `reference/zenml-0.58-live.md` (status codes, body shapes
 *   and field order, error texts including the extra quotes of KeyError messages);
 * - `0.74`: as the ZenML 0.74.0 server recorded in `reference/zenml-0.74-live.md`;
 * - `0.9x`: 0.74 plus what only documentation tells of later servers (admin-only mutations, API keys as
 *   bearer tokens, tokens revoked by rotation), each marked with its PR.
 * `GENERATIONS` lists them for tests to iterate over. Tests and `npm run demo` / `npm run fakes` use it; Node
 * runs it directly (erasable TypeScript only, node built-ins only).
 *
 * Every generation
 * - `GET /health`, `GET /api/v1/info`, `GET /api/v1/version`, `GET /api/v1/logout`,
 *   `GET /api/v1/current-user`, `GET /api/v1/users` (empty page for non-admins).
 * - `POST /api/v1/login`, form-encoded only (a JSON body has no fields), grant detection and 400/401 texts as
 *   recorded; tokens are HS256 JWTs `{sub, iss, aud[, api_key_id]}` without iat/exp, so the same key id always
 *   gives the same token (0.9x adds `key_gen` and `iat`). Token plus `set-cookie`.
 * - Bearer auth: the `zenml-server-<id>` cookie is read FIRST, then `Authorization: Bearer`.
 *   Key-derived tokens are re-checked per request (key exists, SA active, key active) and bump
 *   `last_login`/`updated`.
 * - Service accounts and keys: 200 on create, 200 `null` on delete, bare-array 422s for bodies, `active`
 *   required on SA create, API-key routes need the SA's UUID, rotate needs a JSON body and answers
 *   `metadata: null`, one previous secret kept while `now - last_rotated < retain_period_minutes`.
 * - Keys are `ZENKEY_` + base64 of `{"id": "...", "key": "<64 hex>"}`; secrets are stored as sha256 (not
 *   bcrypt, so logins are fast).
 *
 * What differs (see profiles.ts for the full list)
 * - 0.58: 401s from the auth dependency are plain strings with `WWW-Authenticate: Bearer`; a key PUT without
 *   `active` RE-ACTIVATES the key; 171-character keys; pydantic-v1 texts; `/info` with `use_legacy_dashboard`.
 * - 0.74: `{"detail":["CredentialsNotValid", ...]}` 401s, PyJWT's reason for a bad token, the header only with
 *   "Not authenticated"; a csrf_token only for a cross-site login (an Origin or Referer of another host), whose
 *   token then needs `X-CSRF-Token`; 167-character keys; `/info` with `pro_tenant_*`.
 * - 0.9x: only admin users may create/update/delete SAs and create/update/rotate/delete keys (403
 *   `IllegalOperationError`); `Authorization: Bearer ZENKEY_...` works; a key token is accepted only for the
 *   key's current generation, or the previous one while the rotation's retention window is open; `/ready`;
 *   `/info` with `pro_workspace_*`; SAs with `full_name`/`avatar_url`.
 *
 * Test API (helpers do not go through HTTP and are not logged)
 * - `requests`: every request in arrival order `{method, path, query, url, headers, body, status, lost}`.
 * - `addUser`, `seedServiceAccount`, `seedApiKey`, `inspectServiceAccount`, `inspectApiKey`,
 *   `keyLogsIn(key)` (would a login succeed now; no side effects), `mintUserToken`, `mintKeyToken`,
 *   `csrfTokenFor(token)`, `advanceClock(ms)` (moves the clock, default or injected, by an offset).
 *
 * Fault switches (mutable at any time)
 * - `latencyMs`: every answer is held back this long; the request is APPLIED first (so a client
 *   timeout on a rotate leaves the rotation done, as with a slow real server).
 * - `failNth({ n, status, body?, contentType?, html?, headers?, method?, path? })`: the Nth matching
 *   request from now gets that answer and is NOT applied. Default body: uvicorn's text/plain
 *   "Internal Server Error" for 500, `{"detail":"<status> <reason>"}` otherwise; `html: true` gives an
 *   nginx error page (text/html).
 * - `loseResponse({ method?, path? })`: the next matching request is APPLIED, then its socket is
 *   destroyed without any answer (logged with `lost: true`).
 * - `loginRateLimit`: 0.58's limiter (off by default like the server): per client (peer IP, or the
 *   header literally named `X_FORWARDED_FOR`) the 6th login attempt within 60 s is 429
 *   `{"detail":"Minute request limit exceeded."}` (no Retry-After), even with good credentials; a
 *   successful login resets the counter. Uses the fake's clock.
 * - `rateLimitNextLogins(n)`: the next n logins get that 429 regardless.
 * - `clearFaults()`: drops pending failNth/loseResponse rules.
 *
 * Not reproduced: the device flow (every device code is rejected as invalid_client), multipart
 * login forms, resources owned by an SA (seed `ownsResources: true` to get the 403 on delete),
 * datetime filter parsing (filters compare the timestamp text), exact Python JSON-decode messages.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { csrfTokenOf, mintToken } from './zenml/auth.ts';
import type { Core } from './zenml/auth.ts';
import { createClock, formatMicros, formatOptionalMicros } from './zenml/clock.ts';
import { FaultPlan, faultReply } from './zenml/faults.ts';
import { ReplyError } from './zenml/http.ts';
import type { Reply, RequestContext } from './zenml/http.ts';
import { newId } from './zenml/ids.ts';
import { GENERATIONS, parseGeneration, profileOf } from './zenml/profiles.ts';
import type { Generation } from './zenml/profiles.ts';
import { dispatch } from './zenml/router.ts';
import { Store } from './zenml/store.ts';
import type { ApiKeyRecord, ServiceAccountRecord } from './zenml/store.ts';

export type { FailRule, RequestMatcher } from './zenml/faults.ts';
export type { ApiKeyView, FakeZenml, FakeZenmlOptions, LoggedRequest, ServiceAccountView } from './zenml/api.ts';
export { GENERATIONS, parseGeneration, profileOf } from './zenml/profiles.ts';
export type { Generation, Profile } from './zenml/profiles.ts';
import type { FakeZenml, FakeZenmlOptions, LoggedRequest } from './zenml/api.ts';

// The `secure` package's constant headers, as sent by the real server on every response.
const SECURITY_HEADERS: Record<string, string> = {
  'strict-transport-security': 'max-age=63072000; includeSubdomains',
  'x-frame-options': 'SAMEORIGIN',
  'x-xss-protection': '0',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; base-uri 'self'; form-action 'self'",
  'referrer-policy': 'no-referrer-when-downgrade',
  'cache-control': 'no-store, no-cache, must-revalidate',
};

function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The generation of a fake started without `generation`: "0.58", or ZENML_FAKE_GENERATION, so that the whole
 * suite can be run against another generation (`ZENML_FAKE_GENERATION=0.74 npm test`; docs/ZENML-VERSIONS.md).
 */
export function defaultGeneration(env: NodeJS.ProcessEnv = process.env): Generation {
  const wanted = env['ZENML_FAKE_GENERATION'];
  if (wanted === undefined || wanted === '') return '0.58';
  const generation = parseGeneration(wanted);
  if (generation === undefined) throw new Error(`ZENML_FAKE_GENERATION must be one of ${GENERATIONS.join(', ')}, not '${wanted}'`);
  return generation;
}

/** Starts a fake ZenML server on 127.0.0.1, on a free port unless `port` is given. */
export async function startFakeZenml(options: FakeZenmlOptions = {}): Promise<FakeZenml> {
  const profile = profileOf(options.generation ?? defaultGeneration());
  const clock = createClock(options.now);
  const store = new Store(clock, profile.compactKeys);
  const core: Core = {
    store,
    serverId: newId(),
    jwtSecret: randomBytes(32),
    profile,
    version: options.version ?? profile.version,
    active: options.activated ?? true,
    csrfEveryLogin: options.csrfEveryLogin ?? false,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? null,
    limiter: { enabled: options.loginRateLimit ?? false, forcedRemaining: 0, buckets: new Map() },
  };
  if (core.active) store.addUser(options.adminName ?? 'default', options.adminPassword ?? '', true);
  const faults = new FaultPlan();
  const requests: LoggedRequest[] = [];
  let latencyMs = options.latencyMs ?? 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
    const query = new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart + 1));
    const body = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodePath(rawPath);
    const entry: LoggedRequest = {
      method,
      path,
      query: Object.fromEntries(query.entries()),
      url: target,
      headers: flatHeaders(req),
      body: body.toString('utf8'),
      status: 0,
      lost: false,
    };
    requests.push(entry);
    const ctx: RequestContext = {
      method,
      path,
      query,
      headers: req.headers,
      body,
      clientAddress: req.socket.remoteAddress ?? '127.0.0.1',
    };
    const fail = faults.takeFail(method, path);
    const lose = fail === undefined && faults.takeLose(method, path);
    let reply: Reply;
    if (fail !== undefined) {
      reply = faultReply(fail);
    } else {
      try {
        reply = dispatch(core, ctx);
      } catch (error) {
        if (!(error instanceof ReplyError)) throw error;
        reply = error.reply;
      }
    }
    entry.status = reply.status;
    if (latencyMs > 0) await sleep(latencyMs);
    if (lose) {
      entry.lost = true;
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string | string[] | number> = {
      server: ['uvicorn', core.serverId],
      'content-length': Buffer.byteLength(reply.body),
      'content-type': reply.contentType,
      ...SECURITY_HEADERS,
      ...reply.headers,
    };
    res.writeHead(reply.status, headers);
    res.end(method === 'HEAD' ? undefined : reply.body);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const text = 'Internal Server Error';
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': text.length });
      res.end(text);
      process.emitWarning(`fake ZenML server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function requireServiceAccount(nameOrId: string): ServiceAccountRecord {
    const sa = store.serviceAccountByNameOrId(nameOrId);
    if (sa === undefined) throw new Error(`fake ZenML: no service account '${nameOrId}'`);
    return sa;
  }

  function requireKey(saNameOrId: string, keyNameOrId: string): ApiKeyRecord {
    const key = store.keyByNameOrId(requireServiceAccount(saNameOrId), keyNameOrId);
    if (key === undefined) throw new Error(`fake ZenML: no API key '${keyNameOrId}' on service account '${saNameOrId}'`);
    return key;
  }

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    serverId: core.serverId,
    version: core.version,
    generation: profile.generation,
    profile,
    requests,
    get latencyMs(): number {
      return latencyMs;
    },
    set latencyMs(value: number) {
      latencyMs = value;
    },
    get loginRateLimit(): boolean {
      return core.limiter.enabled;
    },
    set loginRateLimit(value: boolean) {
      core.limiter.enabled = value;
      if (!value) core.limiter.buckets.clear();
    },
    failNth: (rule) => faults.addFail(rule),
    loseResponse: (rule = {}) => faults.addLose(rule),
    rateLimitNextLogins(n) {
      core.limiter.forcedRemaining = n;
    },
    clearFaults() {
      faults.clear();
      core.limiter.forcedRemaining = 0;
    },
    addUser({ name, password = '', admin = false }) {
      if (store.userByName(name) !== undefined) throw new Error(`fake ZenML: user '${name}' exists`);
      const user = store.addUser(name, password, admin);
      return { id: user.id, name: user.name };
    },
    seedServiceAccount(name, { active = true, description = '', ownsResources = false } = {}) {
      if (store.serviceAccountByName(name) !== undefined) throw new Error(`fake ZenML: service account '${name}' exists`);
      const sa = store.createServiceAccount({ name, description, active });
      sa.ownsResources = ownsResources;
      return { id: sa.id, name: sa.name };
    },
    seedApiKey(saNameOrId, keyName, { description = '', active = true } = {}) {
      const sa = requireServiceAccount(saNameOrId);
      if (store.keysOf(sa).some((key) => key.name === keyName)) throw new Error(`fake ZenML: API key '${keyName}' exists`);
      const { key, value } = store.createApiKey(sa, keyName, description);
      key.active = active;
      return { id: key.id, name: key.name, key: value };
    },
    inspectServiceAccount(nameOrId) {
      const sa = store.serviceAccountByNameOrId(nameOrId);
      if (sa === undefined) return undefined;
      const keys = store.keysOf(sa).sort((a, b) => a.created - b.created).map((key) => key.name);
      return {
        id: sa.id,
        name: sa.name,
        description: sa.description,
        active: sa.active,
        created: formatMicros(sa.created),
        updated: formatMicros(sa.updated),
        keys,
      };
    },
    inspectApiKey(saNameOrId, keyNameOrId) {
      const sa = store.serviceAccountByNameOrId(saNameOrId);
      const key = sa === undefined ? undefined : store.keyByNameOrId(sa, keyNameOrId);
      if (key === undefined) return undefined;
      return {
        id: key.id,
        name: key.name,
        serviceAccountId: key.serviceAccountId,
        description: key.description,
        active: key.active,
        created: formatMicros(key.created),
        updated: formatMicros(key.updated),
        lastLogin: formatOptionalMicros(key.lastLogin),
        lastRotated: formatOptionalMicros(key.lastRotated),
        retainPeriodMinutes: key.retainPeriodMinutes,
        rotations: key.rotations,
        previousSecretValid: key.previousSecretHash !== null && store.retentionOpen(key),
      };
    },
    keyLogsIn: (key) => store.checkKeyString(key).ok,
    mintUserToken(userName) {
      const user = store.userByName(userName);
      if (user === undefined) throw new Error(`fake ZenML: no user '${userName}'`);
      return mintToken(core, user.id, null);
    },
    mintKeyToken(saNameOrId, keyNameOrId) {
      const key = requireKey(saNameOrId, keyNameOrId);
      return mintToken(core, key.serviceAccountId, { id: key.id, generation: key.rotations });
    },
    csrfTokenFor: (token) => csrfTokenOf(core, token),
    advanceClock: (ms) => clock.advance(ms),
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
