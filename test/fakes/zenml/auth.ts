/** Login (`POST /api/v1/login`) and the bearer check that guards every other /api/v1 route. */
import { createHmac } from 'node:crypto';
import { ReplyError, header, json, parseForm, zenError } from './http.ts';
import type { Reply, RequestContext } from './http.ts';
import { newId } from './ids.ts';
import type { ApiKeyRecord, ServiceAccountRecord, Store, UserRecord } from './store.ts';
import { API_KEY_PREFIX, checkJwt, signJwt, verifyJwt } from './tokens.ts';
import type { TokenClaims } from './tokens.ts';
import type { Profile } from './profiles.ts';

/** Server-wide settings and mutable switches shared by the handlers. */
export interface Core {
  store: Store;
  serverId: string;
  jwtSecret: Buffer;
  /** The generation's behaviours. */
  profile: Profile;
  version: string;
  /** Whether the server is activated (has its admin user); `PUT /api/v1/activate` activates it. */
  active: boolean;
  /** Test switch: treat every login as cross-site (a csrf_token each time), which no real server does for a Node client. */
  csrfEveryLogin: boolean;
  /** Token lifetime in seconds (`exp` claim, `expires_in`), or null for never (the OSS default). */
  tokenLifetimeSeconds: number | null;
  limiter: LoginLimiter;
}

/** 0.58's in-memory login limiter (5/minute, 1000/day per client) plus a forced-429 counter. */
export interface LoginLimiter {
  enabled: boolean;
  forcedRemaining: number;
  buckets: Map<string, number[]>;
}

/** Who a request is authenticated as. */
export type Principal =
  | { kind: 'user'; user: UserRecord }
  | { kind: 'service-account'; serviceAccount: ServiceAccountRecord; key: ApiKeyRecord | null };

/** Whether a principal counts as an admin (service accounts never do). */
export function isAdmin(principal: Principal): boolean {
  return principal.kind === 'user' && principal.user.admin;
}

const GRANTS = new Set(['password', 'zenml-api-key', 'urn:ietf:params:oauth:grant-type:device_code', 'zenml-external']);

function loginFailure(core: Core, message: string): Reply {
  return zenError(401, core.profile.credentialsErrorClass, `Authentication error: ${message}`);
}

/**
 * Whether a login comes from another site: its Origin (else Referer) names a host other than the one addressed.
 * [T74] §3: an Origin of the server itself gets no csrf_token, a foreign one does; curl and Node send neither.
 */
function crossSite(ctx: RequestContext): boolean {
  const source = header(ctx, 'origin') ?? header(ctx, 'referer');
  if (source === undefined) return false;
  try {
    return new URL(source).host !== (header(ctx, 'host') ?? '');
  } catch {
    return false;
  }
}

function rateLimited(core: Core, ctx: RequestContext): Reply | null {
  const limiter = core.limiter;
  if (limiter.forcedRemaining > 0) {
    limiter.forcedRemaining -= 1;
    return json(429, { detail: 'Minute request limit exceeded.' });
  }
  if (!limiter.enabled) return null;
  // 0.58 keys the bucket by a header literally named X_FORWARDED_FOR (underscores), else the peer IP.
  const client = header(ctx, 'x_forwarded_for') ?? ctx.clientAddress;
  const now = core.store.clock.now().getTime();
  const stamps = (limiter.buckets.get(client) ?? []).filter((t) => t > now - 86_400_000);
  limiter.buckets.set(client, stamps);
  if (stamps.filter((t) => t > now - 60_000).length >= 5) return json(429, { detail: 'Minute request limit exceeded.' });
  if (stamps.length >= 1000) return json(429, { detail: 'Daily request limit exceeded.' });
  stamps.push(now);
  return null;
}

function csrfFor(core: Core, sessionId: string): string {
  return createHmac('sha256', core.jwtSecret).update(`csrf:${sessionId}`).digest('base64url');
}

function issueToken(core: Core, sub: string, key: { id: string; generation: number } | null, fromOtherSite: boolean): Reply {
  const profile = core.profile;
  const nowMs = core.store.clock.now().getTime();
  const claims: TokenClaims = { sub, iss: core.serverId, aud: core.serverId };
  if (core.tokenLifetimeSeconds !== null) claims.exp = Math.floor(nowMs / 1000) + core.tokenLifetimeSeconds;
  if (key !== null) claims.api_key_id = key.id;
  if (profile.keyGenerations && key !== null) claims.key_gen = key.generation;
  let csrfToken: string | null = null;
  if (profile.csrfForCrossSiteLogins && (fromOtherSite || core.csrfEveryLogin)) {
    claims.session_id = newId();
    csrfToken = csrfFor(core, claims.session_id);
  }
  // Without iat (before PR #5025) the same account and key always get the same token: [T74] §9 "T0==T1".
  if (profile.keyGenerations) claims.iat = nowMs / 1000;
  const token = signJwt(claims, core.jwtSecret);
  const sameSite = csrfToken === null ? 'SameSite=lax' : 'SameSite=none; Secure';
  const maxAge = core.tokenLifetimeSeconds === null ? '' : `; Max-Age=${core.tokenLifetimeSeconds}`;
  const headers = { 'set-cookie': `zenml-server-${core.serverId}=${token}; HttpOnly${maxAge}; Path=/; ${sameSite}` };
  const expiresIn = core.tokenLifetimeSeconds;
  const body = profile.tokenResponse === 'long'
    ? {
        access_token: token,
        token_type: 'bearer',
        expires_in: expiresIn,
        refresh_token: null,
        csrf_token: csrfToken,
        scope: null,
        device_id: null,
        device_metadata: null,
      }
    : { access_token: token, token_type: 'bearer', expires_in: expiresIn, refresh_token: null, scope: null };
  return json(200, body, headers);
}

/** Handles `POST /api/v1/login` with 0.58's grant detection, messages and rate limiting. */
export function login(core: Core, ctx: RequestContext): Reply {
  const limited = rateLimited(core, ctx);
  if (limited !== null) return limited;
  const form = parseForm(ctx);
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  let grant = form.get('grant_type') ?? '';
  if (grant !== '' && !GRANTS.has(grant)) return json(400, { detail: `Unsupported grant type: ${grant}` });
  if (grant === '') {
    if (username !== '') grant = 'password';
    else if (password !== '') grant = 'zenml-api-key';
    else if ((form.get('device_code') ?? '') !== '') grant = 'urn:ietf:params:oauth:grant-type:device_code';
    // Newer servers fall back to the password grant on non-EXTERNAL servers; 0.58 to zenml-external.
    else grant = core.profile.loginFallbackGrant;
  }
  let reply: Reply;
  if (grant === 'password') {
    if (username === '') return json(400, { detail: 'Invalid request: username is required.' });
    const user = core.store.userByName(username);
    const ok = user !== undefined && user.active && core.store.passwordMatches(user, password);
    reply = ok ? issueToken(core, user.id, null, crossSite(ctx)) : loginFailure(core, 'invalid username or password');
  } else if (grant === 'zenml-api-key') {
    if (password === '') return json(400, { detail: 'API key is required.' });
    const check = core.store.checkKeyString(password);
    if (check.ok) {
      core.store.touchKey(check.key);
      reply = issueToken(core, check.serviceAccount.id, { id: check.key.id, generation: check.generation }, crossSite(ctx));
    } else {
      reply = loginFailure(core, check.message);
    }
  } else if (grant === 'zenml-external') {
    return json(400, { detail: 'Unsupported grant type: zenml-external.' });
  } else {
    // The device flow is interactive and out of scope: every device code is unknown here.
    return json(400, { error: 'invalid_client', error_description: 'Invalid client ID or device code.', error_uri: null });
  }
  if (reply.status === 200) core.limiter.buckets.delete(header(ctx, 'x_forwarded_for') ?? ctx.clientAddress);
  return reply;
}

function cookieToken(core: Core, ctx: RequestContext): string | undefined {
  const name = `zenml-server-${core.serverId}`;
  for (const part of (header(ctx, 'cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

function authFailure(core: Core, message: string, prefix = 'Authentication error: '): ReplyError {
  const detail = `${prefix}${message}`;
  const profile = core.profile;
  const headers: Record<string, string> = profile.wwwAuthenticateOnBadCredentials ? { 'www-authenticate': 'Bearer' } : {};
  return new ReplyError(json(401, { detail: profile.authErrorShape === 'list' ? [profile.credentialsErrorClass, detail] : detail }, headers));
}

/**
 * Authenticates a request like the server's OAuth2 dependency: the auth cookie first (a stale cookie
 * beats the header), then `Authorization: Bearer` (scheme case-insensitive). Key-derived tokens are
 * re-checked on every request and bump the key's last_login. Throws a 401 ReplyError on failure.
 */
export function authenticate(core: Core, ctx: RequestContext): Principal {
  const store = core.store;
  let token = cookieToken(core, ctx);
  if (token === undefined) {
    const authorization = header(ctx, 'authorization') ?? '';
    const space = authorization.indexOf(' ');
    const scheme = space < 0 ? authorization : authorization.slice(0, space);
    if (authorization === '' || scheme.toLowerCase() !== 'bearer') {
      throw new ReplyError(json(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' }));
    }
    token = space < 0 ? '' : authorization.slice(space + 1).trim();
  }
  if (core.profile.apiKeyAsBearer && token.startsWith(API_KEY_PREFIX)) {
    // [DOC] PR #4116: the API key itself as bearer, verified in full on every request.
    const check = store.checkKeyString(token);
    if (!check.ok) throw authFailure(core, check.message);
    store.touchKey(check.key);
    return { kind: 'service-account', serviceAccount: check.serviceAccount, key: check.key };
  }
  const jwt = checkJwt(token, core.jwtSecret, core.serverId, store.clock.now().getTime() / 1000);
  if (!jwt.ok) {
    // [T58] has one text for every bad token; [T74] §4 quotes PyJWT's reason.
    throw authFailure(
      core,
      core.profile.generation === '0.58'
        ? 'error decoding access token. You may need to rerun zenml connect.'
        : `error decoding access token: Invalid JWT token: ${jwt.reason}.`,
    );
  }
  const claims = jwt.claims;
  if (core.profile.csrfForCrossSiteLogins && claims.session_id !== undefined) {
    const sent = header(ctx, 'x-csrf-token');
    // [T74] §3: the wrong-token text has no "Authentication error:" prefix.
    if (sent === undefined) throw authFailure(core, 'missing CSRF token');
    if (sent !== csrfFor(core, claims.session_id)) throw authFailure(core, 'Invalid CSRF token: signature mismatch', '');
  }
  const user = store.users.get(claims.sub);
  const sa = store.serviceAccounts.get(claims.sub);
  const account = user ?? sa;
  if (account === undefined) throw authFailure(core, `error retrieving token account ${claims.sub}`);
  if (!account.active) throw authFailure(core, `account ${account.name} is not active`);
  if (user !== undefined) return { kind: 'user', user };
  if (sa === undefined) throw authFailure(core, `error retrieving token account ${claims.sub}`);
  if (claims.api_key_id === undefined) return { kind: 'service-account', serviceAccount: sa, key: null };
  const check = store.checkKeyRecord(claims.api_key_id);
  if (!check.ok) throw authFailure(core, check.message);
  // [DOC] §5.4, PR #5025: a key token is good for the current generation, or the previous one during retention;
  // tokens without key_gen (issued before the upgrade) stay valid. The 401 text is not documented: ours.
  if (core.profile.keyGenerations && claims.key_gen !== undefined) {
    const current = check.key.rotations;
    const accepted = claims.key_gen === current || (claims.key_gen === current - 1 && store.retentionOpen(check.key));
    if (!accepted) {
      throw authFailure(core, `API key ${check.key.name} of service account ${sa.name} was rotated; this token is no longer valid`);
    }
  }
  store.touchKey(check.key);
  return { kind: 'service-account', serviceAccount: sa, key: check.key };
}

/** Mints the token a successful login would return, without HTTP (for test helpers). */
export function mintToken(core: Core, sub: string, key: { id: string; generation: number } | null): string {
  const body = JSON.parse(issueToken(core, sub, key, false).body) as { access_token: string };
  return body.access_token;
}

/** The csrf_token matching a token minted by this server, or null when it carries no session. */
export function csrfTokenOf(core: Core, token: string): string | null {
  const claims = verifyJwt(token, core.jwtSecret, core.serverId, core.store.clock.now().getTime() / 1000);
  return claims?.session_id === undefined ? null : csrfFor(core, claims.session_id);
}
