/** The public types of the fake ZenML server: options, request log entries, views and the handle. */
import type { FailRule, RequestMatcher } from './faults.ts';
import type { Generation, Profile } from './profiles.ts';

/** Options of `startFakeZenml`. */
export interface FakeZenmlOptions {
  /** The server generation to behave like (default "0.58"); see profiles.ts for what each one does. */
  generation?: Generation;
  /** Reported version (default: the generation's, "0.58.0", "0.74.0" or "0.97.0"). */
  version?: string;
  /** Listen on this port of 127.0.0.1 (default 0: a free one). */
  port?: number;
  /** Serve HTTPS with this PEM key and certificate (see test/fixtures/tls). */
  tls?: { key: string; cert: string };
  /** Base clock (default: real time); `advanceClock` adds an offset on top. */
  now?: () => Date;
  /** Name of the auto-created admin user (default "default"). */
  adminName?: string;
  /** Password of the admin user (default "", as on an auto-activated server). */
  adminPassword?: string;
  /**
   * Start activated, with the admin user (default true, like ZENML_SERVER_AUTO_ACTIVATE=1). With false the
   * server has no user and says `active: false` until `PUT /api/v1/activate`, as a fresh docker server does.
   */
  activated?: boolean;
  /**
   * Treat every login as cross-site, so that it gets a csrf_token (0.74 and 0.9x only; default false). No real
   * server does this for a Node client, which sends no Origin: it is a switch to test the X-CSRF-Token path.
   */
  csrfEveryLogin?: boolean;
  /** Token lifetime in seconds (adds `exp`, sets `expires_in`); default null = never expires. */
  tokenLifetimeSeconds?: number | null;
  /** Initial value of the `loginRateLimit` switch (default false). */
  loginRateLimit?: boolean;
  /** Initial value of the `latencyMs` switch (default 0). */
  latencyMs?: number;
}

/** One logged request; `status` is what the fake answered (or would have, when `lost`). */
export interface LoggedRequest {
  method: string;
  /** Decoded path without the query. */
  path: string;
  /** Query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** The raw request target, path and query as sent. */
  url: string;
  /** Headers with lower-case names. */
  headers: Record<string, string>;
  /** The raw body text. */
  body: string;
  status: number;
  /** True when the answer was dropped by `loseResponse`. */
  lost: boolean;
}

/** What `inspectServiceAccount` returns. */
export interface ServiceAccountView {
  id: string;
  name: string;
  description: string;
  active: boolean;
  created: string;
  updated: string;
  /** Names of the SA's API keys, oldest first. */
  keys: string[];
}

/** What `inspectApiKey` returns. */
export interface ApiKeyView {
  id: string;
  name: string;
  serviceAccountId: string;
  description: string;
  active: boolean;
  created: string;
  updated: string;
  lastLogin: string | null;
  lastRotated: string | null;
  retainPeriodMinutes: number;
  /** Number of rotations so far (also the key generation on 0.9x servers). */
  rotations: number;
  /** Whether a previous secret exists and its retention window is still open. */
  previousSecretValid: boolean;
}

/** A running fake ZenML server with its request log, seeding helpers and fault switches. */
export interface FakeZenml {
  readonly url: string;
  readonly serverId: string;
  readonly version: string;
  readonly generation: Generation;
  /** What this generation does (see profiles.ts). */
  readonly profile: Profile;
  readonly requests: LoggedRequest[];
  latencyMs: number;
  loginRateLimit: boolean;
  /** Makes the Nth matching request fail (see FailRule). */
  failNth(rule: FailRule): void;
  /** Applies the next matching request, then drops the connection without answering. */
  loseResponse(rule?: RequestMatcher): void;
  /** Makes the next `n` login attempts answer 429 "Minute request limit exceeded.". */
  rateLimitNextLogins(n: number): void;
  /** Drops pending failNth / loseResponse rules and forced 429s. */
  clearFaults(): void;
  /** Adds a human user account. */
  addUser(user: { name: string; password?: string; admin?: boolean }): { id: string; name: string };
  /** Creates a service account directly in the store. */
  seedServiceAccount(
    name: string,
    options?: { active?: boolean; description?: string; ownsResources?: boolean },
  ): { id: string; name: string };
  /** Creates an API key directly in the store and returns its key string. */
  seedApiKey(
    serviceAccountNameOrId: string,
    keyName: string,
    options?: { description?: string; active?: boolean },
  ): { id: string; name: string; key: string };
  /** Returns an SA's current state, or undefined when it does not exist. */
  inspectServiceAccount(nameOrId: string): ServiceAccountView | undefined;
  /** Returns a key's current state, or undefined when the SA or key does not exist. */
  inspectApiKey(serviceAccountNameOrId: string, keyNameOrId: string): ApiKeyView | undefined;
  /** Tells whether logging in with this key string would succeed right now (no side effects). */
  keyLogsIn(key: string): boolean;
  /** Returns the token a password login of this user would get. */
  mintUserToken(userName: string): string;
  /** Returns the token a login with this key's current secret would get (without touching last_login). */
  mintKeyToken(serviceAccountNameOrId: string, keyNameOrId: string): string;
  /** Returns the csrf_token that belongs to a token of this server (0.74 and 0.9x, cross-site logins), or null. */
  csrfTokenFor(token: string): string | null;
  /** Moves the fake's clock forward by `ms` milliseconds. */
  advanceClock(ms: number): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}
