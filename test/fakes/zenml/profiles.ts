/**
 * The server generations the fake ZenML server can be, each a named profile of behaviours.
 *
 * Sources, cited per behaviour below:
 * - [T58] `reference/zenml-0.58-live.md`: a real 0.58.0 server, recorded request by request.
 * - [T74] `reference/zenml-0.74-live.md`: a real 0.74.0 server, recorded request by request (section named).
 * - [DOC] `reference/zenml-api.md`: code reading and PR descriptions for servers after 0.74. No such server was
 *   run: every `0.9x` behaviour that differs from 0.74 is documentation only, and says which PR it comes from.
 *
 * A profile is data, so that a test can iterate over `GENERATIONS` and ask what the profile says instead of
 * testing a version string, and so that every difference between the generations is listed in one place.
 */

/** The generations the fake serves. */
export type Generation = '0.58' | '0.74' | '0.9x';

/** Every generation, oldest first: tests iterate over this list. */
export const GENERATIONS: readonly Generation[] = ['0.58', '0.74', '0.9x'];

/** The behaviours that differ between generations. */
export interface Profile {
  readonly generation: Generation;
  /** What `/api/v1/version` and `/info` report by default. */
  readonly version: string;
  /** Where the behaviour comes from: a recorded server, or documentation only. */
  readonly evidence: 'recorded' | 'documented';
  /** The exception class of every credential 401 (login and the auth dependency). */
  readonly credentialsErrorClass: 'AuthorizationException' | 'CredentialsNotValid';
  /** 0.58's auth dependency answers `{"detail": "<text>"}`; later ones `{"detail": [class, text]}`. */
  readonly authErrorShape: 'string' | 'list';
  /** Whether `WWW-Authenticate: Bearer` comes with credential 401s too, not only with "Not authenticated". */
  readonly wwwAuthenticateOnBadCredentials: boolean;
  /** The token response's field set. */
  readonly tokenResponse: 'short' | 'long';
  /** Cross-site logins (an Origin/Referer of another site) get a `csrf_token` and a `session_id` claim. */
  readonly csrfForCrossSiteLogins: boolean;
  /** Key tokens carry `key_gen` and every token a sub-second `iat`; rotation revokes old generations. */
  readonly keyGenerations: boolean;
  /** `Authorization: Bearer ZENKEY_...` is accepted (verified in full on every request). */
  readonly apiKeyAsBearer: boolean;
  /** Only admin users may create, update, rotate or delete service accounts and keys (403 otherwise). */
  readonly adminOnlyMutations: boolean;
  /** A key update without `active` re-activates the key (0.58's trap) or leaves it unchanged. */
  readonly keyUpdateWithoutActive: 'reactivates' | 'unchanged';
  /** Key strings hold compact (pydantic v2) JSON, 167 characters, instead of 0.58's spaced JSON (171). */
  readonly compactKeys: boolean;
  /** The `/info` field set. */
  readonly info: '0.58' | '0.74' | '0.9x';
  /** Whether `/ready` exists. */
  readonly readyRoute: boolean;
  /** Service accounts carry `full_name`, `avatar_url` and `external_user_id`. */
  readonly serviceAccountDisplayFields: boolean;
  /** The texts of request-validation 422s. */
  readonly validationTexts: 'pydantic-v1' | 'pydantic-v2';
  /** `/current-user` and `/users` metadata: 0.58 has `hub_token`, later ones do not. */
  readonly userMetadata: '0.58' | '0.74';
  /** The grant a login without `grant_type`, username, password or device code falls to. */
  readonly loginFallbackGrant: 'zenml-external' | 'password';
}

const V058: Profile = {
  generation: '0.58',
  version: '0.58.0',
  evidence: 'recorded',
  credentialsErrorClass: 'AuthorizationException', // [T58] login 401s
  authErrorShape: 'string', // [T58] bearer 401s: {"detail":"Authentication error: ..."}
  wwwAuthenticateOnBadCredentials: true, // [T58] every auth-dependency 401 carries it
  tokenResponse: 'short', // [T58] access_token, token_type, expires_in, refresh_token, scope
  csrfForCrossSiteLogins: false, // [DOC] §2.5: CSRF came with 0.7x
  keyGenerations: false,
  apiKeyAsBearer: false, // [T58] a ZENKEY_ bearer is "error decoding access token"
  adminOnlyMutations: false, // [T58] any authenticated account mutates
  keyUpdateWithoutActive: 'reactivates', // [T58] the APIKeyUpdate default is active=true
  compactKeys: false, // [T58] 171-character keys
  info: '0.58', // [T58] has use_legacy_dashboard
  readyRoute: false,
  serviceAccountDisplayFields: false,
  validationTexts: 'pydantic-v1', // [T58]
  userMetadata: '0.58', // [T58] metadata has hub_token
  loginFallbackGrant: 'zenml-external', // [T58]
};

const V074: Profile = {
  generation: '0.74',
  version: '0.74.0',
  evidence: 'recorded',
  credentialsErrorClass: 'CredentialsNotValid', // [T74] §2 wrong password, §7 wrong secret
  authErrorShape: 'list', // [T74] §4 garbage bearer
  wwwAuthenticateOnBadCredentials: false, // [T74] §4: only "Not authenticated" carries it
  tokenResponse: 'long', // [T74] §2: + csrf_token, device_id, device_metadata
  csrfForCrossSiteLogins: true, // [T74] §3: only a cross-site Origin gets a csrf_token
  keyGenerations: false, // [T74] §9: tokens are deterministic and survive any number of rotations
  apiKeyAsBearer: false, // [T74] §7: "Invalid JWT token: Not enough segments."
  adminOnlyMutations: false, // [T74] §11: non-admin bob and an SA on itself create, rotate, delete
  keyUpdateWithoutActive: 'unchanged', // [T74] §8: {}, {"description"} and {"active": null} leave it
  compactKeys: true, // [T74] §6: 167 characters
  info: '0.74', // [T74] §1: name, last_user_activity, pro_tenant_*
  readyRoute: false, // [T74] §1: /ready falls to the dashboard catch-all
  serviceAccountDisplayFields: false, // [T74] §5: full_name/avatar_url are ignored on input, absent on output
  validationTexts: 'pydantic-v2', // [T74] §5, §6
  userMetadata: '0.74', // [T74] §4: {email, external_user_id, user_metadata}
  loginFallbackGrant: 'password', // [T74] §2 "no fields": "Invalid request: username is required."
};

const V09X: Profile = {
  ...V074,
  generation: '0.9x',
  // [DOC] header: the reviewed history reaches release 0.97.0.
  version: '0.97.0',
  evidence: 'documented',
  // [DOC] §5.4, PR #5025 (2026-07): key_gen and a sub-second iat in tokens; a key token is accepted for the
  // current generation, or the previous one while the rotation's retention window is open.
  keyGenerations: true,
  // [DOC] §2.3, PR #4116 (2025-10): OSS servers accept the SA API key itself as a bearer token.
  apiKeyAsBearer: true,
  // [DOC] §3.1, §4, PR #5007 (2026-07): without RBAC only admins mutate SAs and keys; 403 IllegalOperationError.
  adminOnlyMutations: true,
  // [DOC] §7: newest /info has pro_workspace_* (not pro_tenant_*), from the dashboard's schema of 2026-07.
  info: '0.9x',
  // [DOC] §7, §10: `/ready` exists on the newest servers.
  readyRoute: true,
  // [DOC] §3.1, §3.6: the dashboard's schema of 2026-07 has full_name, avatar_url, external_user_id.
  serviceAccountDisplayFields: true,
};

const PROFILES: Readonly<Record<Generation, Profile>> = { '0.58': V058, '0.74': V074, '0.9x': V09X };

/** The profile of a generation. */
export function profileOf(generation: Generation): Profile {
  return PROFILES[generation];
}

/** Reads a generation from text such as a `--zenml` option ("0.74", "0.9x"); undefined when it names none. */
export function parseGeneration(text: string): Generation | undefined {
  const wanted = text.trim().toLowerCase();
  return GENERATIONS.find((g) => g === wanted);
}
