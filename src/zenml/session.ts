import type { Redactor } from '../core/redact.js';
import { ZenmlError } from './errors.js';
import type { RequestSpec, Response, Transport } from './transport.js';

/** How the client logs in: a service account's API key, or a user's name and password. */
export type Credentials =
  | { readonly kind: 'api-key'; readonly apiKey: string }
  | { readonly kind: 'password'; readonly username: string; readonly password: string };

/** A bearer token as `/api/v1/login` returned it; kept in memory only. */
export interface Token {
  readonly accessToken: string;
  readonly tokenType: string;
  /** Seconds, or null: the token does not expire (ZenML's default). */
  readonly expiresIn: number | null;
  readonly csrfToken: string | null;
}

/**
 * The claims of a ZenML token that say whom it logged in: `sub` (the account's UUID) and, for an API-key
 * login, `api_key_id`. Read without checking the signature (only the server can), which is fine for
 * asking the server that issued it; undefined when the token is not a JWT with a `sub`.
 */
export function tokenClaims(accessToken: string): { sub: string; apiKeyId: string | undefined } | undefined {
  const payload = accessToken.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims['sub'] !== 'string' || claims['sub'] === '') return undefined;
    return { sub: claims['sub'], apiKeyId: typeof claims['api_key_id'] === 'string' ? claims['api_key_id'] : undefined };
  } catch {
    return undefined;
  }
}

/** Describes the credentials for messages without revealing them. */
export function describeCredentials(credentials: Credentials): string {
  return credentials.kind === 'api-key' ? 'the API key' : `user '${credentials.username}'`;
}

/**
 * One logged-in identity: logs in on first use (once per run), adds the bearer and CSRF headers, and on a
 * 401 logs in again once and retries the call once (a 401 comes before ZenML runs the endpoint, so this is
 * safe even for a rotation).
 */
export class Session {
  readonly #transport: Transport;
  readonly #redactor: Redactor;
  #credentials: Credentials;
  #token: Promise<Token> | undefined;

  constructor(transport: Transport, credentials: Credentials, redactor: Redactor) {
    this.#transport = transport;
    this.#redactor = redactor;
    this.#credentials = credentials;
    redactor.add(...secretsOf(credentials));
  }

  get credentials(): Credentials {
    return this.#credentials;
  }

  /**
   * Switches to other credentials, e.g. the key a self-rotation just made; the old token is dropped.
   * A token already obtained with the new credentials can be handed over, saving a login.
   */
  use(credentials: Credentials, token?: Token): void {
    this.#redactor.add(...secretsOf(credentials));
    this.#credentials = credentials;
    this.#token = token ? Promise.resolve(token) : undefined;
  }

  /** The current token, logging in if there is none yet. */
  token(): Promise<Token> {
    this.#token ??= this.#login().catch((error: unknown) => {
      this.#token = undefined;
      throw error;
    });
    return this.#token;
  }

  /** Sends an authenticated request. */
  async send(spec: RequestSpec): Promise<Response> {
    const first = await this.token();
    try {
      return await this.#transport.send(withToken(spec, first));
    } catch (error) {
      if (!(error instanceof ZenmlError) || error.status !== 401) throw error;
      this.#token = undefined;
      const second = await this.token();
      return this.#transport.send(withToken(spec, second));
    }
  }

  async #login(): Promise<Token> {
    const credentials = this.#credentials;
    const form: Record<string, string> =
      credentials.kind === 'api-key'
        ? { grant_type: 'zenml-api-key', password: credentials.apiKey }
        : { grant_type: 'password', username: credentials.username, password: credentials.password };
    const { body } = await this.#transport.send({
      method: 'POST',
      path: '/api/v1/login',
      form,
      context: `log in to ZenML with ${describeCredentials(credentials)}`,
      // Logging in changes nothing but last_login, so a lost answer can be asked for again.
      idempotent: true,
      retryBlind429: false,
    });
    const raw = (body ?? {}) as Record<string, unknown>;
    if (typeof raw['access_token'] !== 'string' || raw['access_token'] === '') {
      throw new ZenmlError({
        kind: 'http',
        method: 'POST',
        url: '/api/v1/login',
        status: 200,
        detail: 'the login answer has no access_token; is this a ZenML server?',
        context: `log in to ZenML with ${describeCredentials(credentials)}`,
        maybeApplied: false,
      });
    }
    this.#redactor.add(raw['access_token'], typeof raw['csrf_token'] === 'string' ? raw['csrf_token'] : undefined);
    return {
      accessToken: raw['access_token'],
      tokenType: typeof raw['token_type'] === 'string' ? raw['token_type'] : 'bearer',
      expiresIn: typeof raw['expires_in'] === 'number' ? raw['expires_in'] : null,
      csrfToken: typeof raw['csrf_token'] === 'string' && raw['csrf_token'] !== '' ? raw['csrf_token'] : null,
    };
  }
}

function withToken(spec: RequestSpec, token: Token): RequestSpec {
  return {
    ...spec,
    headers: {
      ...spec.headers,
      authorization: `Bearer ${token.accessToken}`,
      ...(token.csrfToken ? { 'x-csrf-token': token.csrfToken } : {}),
    },
  };
}

function secretsOf(credentials: Credentials): string[] {
  return [credentials.kind === 'api-key' ? credentials.apiKey : credentials.password];
}
