import { silentLogger, type Logger } from '../core/logger.js';
import { Redactor } from '../core/redact.js';
import { isUuid } from './api-key.js';
import { MissingApiKeyError, ZenmlError } from './errors.js';
import {
  keyValueOf,
  toApiKey,
  toCurrentUser,
  toServerInfo,
  toServiceAccount,
  type ApiKey,
  type ApiKeyWithValue,
  type CurrentUser,
  type ServerInfo,
  type ServiceAccount,
} from './models.js';
import { LostAnswerError } from './lost-answer.js';
import { Session, tokenClaims, type Credentials, type Token } from './session.js';
import { parseVerifySsl, type TlsOptions } from './tls.js';
import { defaultRetryPolicy, Transport, type Response, type RetryPolicy, type RequestSpec } from './transport.js';
import { pathSegment } from '../core/path-segment.js';

export interface ZenmlClientOptions {
  /** The server URL, already validated by `parseServerUrl`. */
  readonly url: string;
  readonly credentials: Credentials;
  readonly tls?: TlsOptions;
  /** Per-request timeout; ZenML's own client uses 30 s, and an API-key login takes ~0.75 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly logger?: Logger;
  /** Shared with the caller so that its messages hide the same secrets. */
  readonly redactor?: Redactor;
}

export interface ListFilter {
  readonly name?: string;
  readonly active?: boolean;
}

/** One page of a listing, as ZenML's `Page[T]` envelope gives it. */
export interface Page<T> {
  readonly items: T[];
  readonly page: number;
  /** At least 1, even when there are no items (as ZenML says). */
  readonly totalPages: number;
  readonly total: number;
}

const PAGE_SIZE = 100;
// A name of `.` or `..` is refused where it is read (inputs, arguments); this is the last guard before a request.
const path = (...segments: string[]) => `/api/v1/${segments.map((s) => encodeURIComponent(pathSegment(s, 'name'))).join('/')}`;

/** A typed client for the parts of ZenML's REST API that manage service accounts and their API keys. */
export class ZenmlClient {
  readonly url: string;
  readonly redactor: Redactor;
  readonly #transport: Transport;
  readonly #session: Session;
  readonly #logger: Logger;
  readonly #accountIds = new Map<string, string>();
  #info: Promise<ServerInfo> | undefined;

  constructor(options: ZenmlClientOptions) {
    this.url = options.url;
    this.redactor = options.redactor ?? new Redactor();
    this.#logger = options.logger ?? silentLogger;
    this.#transport = new Transport({
      baseUrl: options.url,
      tls: options.tls ?? parseVerifySsl(undefined),
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { ...defaultRetryPolicy, ...options.retry },
      logger: this.#logger,
      redactor: this.redactor,
    });
    this.#session = new Session(this.#transport, options.credentials, this.redactor);
  }

  /** The credentials in use. */
  get credentials(): Credentials {
    return this.#session.credentials;
  }

  /** Logs in with other credentials from now on (after a self-rotation, the new key). */
  useCredentials(credentials: Credentials): void {
    this.#session.use(credentials);
  }

  /** Remembers an account's name and id (learned elsewhere, e.g. from current-user), for requests and messages. */
  knowAccount(account: { readonly id: string; readonly name: string }): void {
    this.#remember(account.name, account.id);
  }

  /** Closes the connections; the client is unusable afterwards. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  /** `/api/v1/info` (no login): version and auth scheme. Asked once per client. */
  info(): Promise<ServerInfo> {
    this.#info ??= this.#transport
      .send({ method: 'GET', path: '/api/v1/info', context: 'read the server info', idempotent: true })
      .then(({ body }) => {
        const info = toServerInfo(body);
        if (!info) throw notZenml(this.url);
        return info;
      })
      .catch((error: unknown) => {
        this.#info = undefined;
        throw error;
      });
    return this.#info;
  }

  /** `/health`: true when the server says it is OK. */
  async health(): Promise<boolean> {
    const { body } = await this.#transport.send({ method: 'GET', path: '/health', context: 'check server health', idempotent: true });
    return body === 'OK';
  }

  /** Logs in (if not done yet) and returns the bearer token. */
  token(): Promise<Token> {
    return this.#session.token();
  }

  /** Who the credentials belong to. */
  async currentUser(): Promise<CurrentUser> {
    return toCurrentUser(await this.#get(path('current-user'), 'read the current user'));
  }

  /**
   * Logs in with a new API key and says whom the server logged in: the check that a new key works before
   * it is stored. The account comes from the token's claims (`sub`, `api_key_id`), so this is one request;
   * `current-user` is read only when the token is not a readable JWT. With `adopt`, this client then goes
   * on with that key and its token (after a self-rotation).
   */
  async loginWithApiKey(apiKey: string, options: { adopt?: boolean } = {}): Promise<{ accountId: string; apiKeyId: string | undefined }> {
    const credentials: Credentials = { kind: 'api-key', apiKey };
    const session = new Session(this.#transport, credentials, this.redactor);
    const token = await session.token();
    const claims = tokenClaims(token.accessToken);
    const accountId =
      claims?.sub ??
      toCurrentUser((await session.send({ method: 'GET', path: path('current-user'), context: 'read the account of the new key', idempotent: true })).body).id;
    if (options.adopt) this.#session.use(credentials, token);
    return { accountId, apiKeyId: claims?.apiKeyId };
  }

  /** Logs in with another API key and reads its account (name and kind included). */
  async verifyApiKey(apiKey: string): Promise<CurrentUser> {
    const session = new Session(this.#transport, { kind: 'api-key', apiKey }, this.redactor);
    const { body } = await session.send({ method: 'GET', path: path('current-user'), context: 'log in with the key and read its account', idempotent: true });
    return toCurrentUser(body);
  }

  // Service accounts

  /** Every service account matching the filter, across all pages. */
  async listServiceAccounts(filter: ListFilter = {}): Promise<ServiceAccount[]> {
    const items = await this.#listAll(path('service_accounts'), filter, 'list service accounts');
    return items.map(toServiceAccount);
  }

  /**
   * One page of service accounts, oldest first, unhydrated (no description): for callers that read pages
   * concurrently (the audit) instead of one after another.
   */
  async serviceAccountsPage(page: number, size = PAGE_SIZE): Promise<Page<ServiceAccount>> {
    const body = await this.#page(path('service_accounts'), 'list service accounts', { hydrate: false, page, size, sort_by: 'created' });
    return { ...body, items: body.items.map(toServiceAccount) };
  }

  /** One service account by name or id. */
  async getServiceAccount(nameOrId: string): Promise<ServiceAccount> {
    const account = toServiceAccount(await this.#get(path('service_accounts', nameOrId), `get service account '${nameOrId}'`));
    this.#remember(nameOrId, account.id);
    return account;
  }

  /** One service account, or undefined when the server has none by that name or id. */
  findServiceAccount(nameOrId: string): Promise<ServiceAccount | undefined> {
    return orUndefinedOn404(this.getServiceAccount(nameOrId));
  }

  /** Creates an active service account. A lost answer is resolved by looking the account up. */
  async createServiceAccount(request: { name: string; description?: string }): Promise<ServiceAccount> {
    const context = `create service account '${request.name}'`;
    try {
      const body = await this.#send({ method: 'POST', path: path('service_accounts'), json: { ...request, active: true }, context, idempotent: false });
      const account = toServiceAccount(body);
      this.#remember(request.name, account.id);
      return account;
    } catch (error) {
      if (!(error instanceof ZenmlError) || !error.maybeApplied) throw error;
      // Creating an account hands out no secret, so one that exists now is simply the one we asked for.
      const existing = await this.findServiceAccount(request.name).catch(() => undefined);
      if (!existing) throw error;
      this.#logger.info(`${context}: the answer was lost, but the account exists: using it`);
      return existing;
    }
  }

  /** Changes a service account's name, description or active flag; absent fields stay as they are. */
  async updateServiceAccount(nameOrId: string, update: { name?: string; description?: string; active?: boolean }): Promise<ServiceAccount> {
    const body = await this.#send({
      method: 'PUT',
      path: path('service_accounts', nameOrId),
      json: update,
      context: `update service account '${nameOrId}'`,
      idempotent: true,
    });
    return toServiceAccount(body);
  }

  /** Deletes a service account and, with it, its API keys. */
  async deleteServiceAccount(nameOrId: string): Promise<void> {
    await this.#send({ method: 'DELETE', path: path('service_accounts', nameOrId), context: `delete service account '${nameOrId}'`, idempotent: true });
    this.#accountIds.delete(nameOrId);
  }

  // API keys (the service account is always addressed by its UUID, as ZenML requires)

  /** Every API key of the account, hydrated (with last_rotated and retention), across all pages. */
  async listApiKeys(account: string, filter: ListFilter = {}): Promise<ApiKey[]> {
    const id = await this.#accountId(account);
    const items = await this.#listAll(path('service_accounts', id, 'api_keys'), filter, `list API keys of service account '${this.#nameOf(account)}'`);
    return items.map(toApiKey);
  }

  /** One page of an account's API keys, oldest first, hydrated (last login, rotation, retention). */
  async apiKeysPage(account: { readonly id: string; readonly name: string }, page: number, size = PAGE_SIZE): Promise<Page<ApiKey>> {
    const body = await this.#page(path('service_accounts', account.id, 'api_keys'), `list API keys of service account '${account.name}'`, { hydrate: true, page, size, sort_by: 'created' });
    return { ...body, items: body.items.map(toApiKey) };
  }

  /** One API key by name or id; when there is none, a MissingApiKeyError names the keys the account has. */
  async getApiKey(account: string, key: string): Promise<ApiKey> {
    try {
      return await this.#getApiKey(account, key);
    } catch (error) {
      throw await this.#explainMissingKey(error, account, key);
    }
  }

  /** One API key, or undefined when the account has none by that name or id. */
  findApiKey(account: string, key: string): Promise<ApiKey | undefined> {
    return orUndefinedOn404(this.#getApiKey(account, key));
  }

  async #getApiKey(account: string, key: string): Promise<ApiKey> {
    const id = await this.#accountId(account);
    return toApiKey(await this.#get(path('service_accounts', id, 'api_keys', key), describeKey(this.#nameOf(account), key, 'get')));
  }

  /** A 404 for a key becomes a MissingApiKeyError with the account's keys (when they can be listed). */
  async #explainMissingKey(error: unknown, account: string, key: string): Promise<unknown> {
    if (!(error instanceof ZenmlError) || error.status !== 404 || error instanceof MissingApiKeyError) return error;
    const id = this.#accountIds.get(account) ?? (isUuid(account) ? account : undefined);
    if (!id) return error; // the account itself was not found
    const keys = await this.listApiKeys(id).catch(() => undefined);
    if (!keys) return error;
    return new MissingApiKeyError(error, keys[0]?.serviceAccount.name ?? this.#nameOf(account), key, keys.map((k) => k.name));
  }

  /**
   * Creates an API key and returns it with its value. Never re-sent: if the answer is lost, the key's
   * existence tells whether it was made, and a `LostAnswerError` says so.
   */
  async createApiKey(account: string, request: { name: string; description?: string }): Promise<ApiKeyWithValue> {
    const id = await this.#accountId(account);
    const spec: RequestSpec = { method: 'POST', path: path('service_accounts', id, 'api_keys'), json: request, context: describeKey(this.#nameOf(account), request.name, 'create'), idempotent: false };
    const lookUp = async (cause: ZenmlError) => {
      const found = await this.findApiKey(id, request.name).then(
        (key) => ({ known: true as const, key }),
        () => ({ known: false as const }),
      );
      return LostAnswerError.forCreate({ account: this.#nameOf(account), keyName: request.name, cause, ...found });
    };
    return this.#sendForValue(spec, lookUp);
  }

  /**
   * Rotates an API key, keeping the previous value valid for `retainMinutes`, and returns the new value.
   * Never re-sent: if the answer is lost, the key's `last_rotated` (compared with `before`, read first
   * when not given) tells whether the rotation happened, and a `LostAnswerError` says so.
   */
  async rotateApiKey(account: string, key: string, options: { retainMinutes: number; before?: ApiKey }): Promise<ApiKeyWithValue> {
    const id = await this.#accountId(account);
    const before = options.before ?? (await this.getApiKey(id, key));
    const spec: RequestSpec = {
      method: 'PUT',
      path: path('service_accounts', id, 'api_keys', key, 'rotate'),
      json: { retain_period_minutes: options.retainMinutes },
      context: describeKey(this.#nameOf(account), before.name, 'rotate'),
      idempotent: false,
    };
    const lookUp = async (cause: ZenmlError) => {
      const after = await this.getApiKey(id, before.id).then(
        (record) => ({ known: true as const, key: record }),
        () => ({ known: false as const }),
      );
      return LostAnswerError.forRotate({ account: this.#nameOf(account), keyName: before.name, before, retainMinutes: options.retainMinutes, cause, ...after });
    };
    return this.#sendForValue(spec, lookUp);
  }

  /**
   * Sends a request that makes a key value, once: when its answer may have been applied but was lost, or came
   * without the value, `lookUp` reads the server back and says what happened (a LostAnswerError).
   */
  async #sendForValue(spec: RequestSpec, lookUp: (cause: ZenmlError) => Promise<Error>): Promise<ApiKeyWithValue> {
    let answer: Response;
    try {
      answer = await this.#session.send(spec);
    } catch (error) {
      if (!(error instanceof ZenmlError) || !error.maybeApplied) throw error;
      throw await lookUp(error);
    }
    const withValue = this.#withValue(answer.body);
    if (!withValue) throw await lookUp(valueMissing(spec, this.url, answer.status));
    return withValue;
  }

  /**
   * Changes an API key. `active` is always sent: ZenML 0.58 re-activates a key whose update omits it;
   * null leaves it as it is on servers that honour that.
   */
  async updateApiKey(account: string, key: string, update: { name?: string; description?: string; active: boolean | null }): Promise<ApiKey> {
    const id = await this.#accountId(account);
    let active = update.active;
    if (active === null) active = (await this.getApiKey(account, key)).active;
    try {
      const body = await this.#send({
        method: 'PUT',
        path: path('service_accounts', id, 'api_keys', key),
        json: { ...update, active },
        context: describeKey(this.#nameOf(account), key, 'update'),
        idempotent: true,
      });
      return toApiKey(body);
    } catch (error) {
      throw await this.#explainMissingKey(error, account, key);
    }
  }

  /** Deletes an API key; tokens made from it stop working at once. */
  async deleteApiKey(account: string, key: string): Promise<void> {
    const id = await this.#accountId(account);
    await this.#send({ method: 'DELETE', path: path('service_accounts', id, 'api_keys', key), context: describeKey(this.#nameOf(account), key, 'delete'), idempotent: true });
  }

  // Plumbing

  async #send(spec: RequestSpec): Promise<unknown> {
    return (await this.#session.send(spec)).body;
  }

  #get(requestPath: string, context: string, query?: RequestSpec['query']): Promise<unknown> {
    return this.#send({ method: 'GET', path: requestPath, context, idempotent: true, ...(query ? { query } : {}) });
  }

  async #listAll(requestPath: string, filter: ListFilter, context: string): Promise<unknown[]> {
    const items: unknown[] = [];
    for (let page = 1; ; page++) {
      const body = await this.#page(requestPath, context, {
        hydrate: true,
        page,
        size: PAGE_SIZE,
        sort_by: 'created',
        // a value with a colon would be read as `operator:value`
        name: filter.name === undefined ? undefined : filter.name.includes(':') ? `equals:${filter.name}` : filter.name,
        active: filter.active,
      });
      items.push(...body.items);
      if (page >= body.totalPages) return items;
    }
  }

  async #page(requestPath: string, context: string, query: NonNullable<RequestSpec['query']>): Promise<Page<unknown>> {
    const body = (await this.#get(requestPath, context, query)) as { items?: unknown; total_pages?: unknown; total?: unknown } | null;
    const items = Array.isArray(body?.items) ? (body.items as unknown[]) : [];
    const totalPages = Number.isSafeInteger(body?.total_pages) && (body?.total_pages as number) >= 1 ? (body?.total_pages as number) : 1;
    return { items, page: Number(query['page'] ?? 1), totalPages, total: typeof body?.total === 'number' ? body.total : items.length };
  }

  /** ZenML's API-key routes take the account's UUID only; a name is looked up (once) first. */
  async #accountId(account: string): Promise<string> {
    if (isUuid(account)) return account;
    const known = this.#accountIds.get(account);
    if (known) return known;
    return (await this.getServiceAccount(account)).id;
  }

  /** The key from a create or rotate answer, registered as a secret before anything else sees it; undefined when the answer has none. */
  #withValue(body: unknown): ApiKeyWithValue | undefined {
    const key = keyValueOf(body);
    if (!key) return undefined;
    this.redactor.add(key);
    return { ...toApiKey(body), key };
  }

  #remember(nameOrId: string, id: string): void {
    if (!isUuid(nameOrId)) this.#accountIds.set(nameOrId, id);
  }

  /** The account's name for messages when only its id was given and the name is known. */
  #nameOf(account: string): string {
    if (!isUuid(account)) return account;
    for (const [name, id] of this.#accountIds) if (id === account) return name;
    return account;
  }
}

/** A 2xx answer to a create or rotate that lacks the key: the server acted, and the only copy of the value is gone. */
function valueMissing(spec: RequestSpec, baseUrl: string, status: number): ZenmlError {
  return new ZenmlError({
    kind: 'http',
    method: spec.method,
    url: `${baseUrl}${spec.path}`,
    status,
    detail: "the answer carries no key value",
    context: spec.context,
    maybeApplied: true,
  });
}

function describeKey(account: string, key: string, verb: string): string {
  return `${verb} API key '${key}' of service account '${account}'`;
}


async function orUndefinedOn404<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ZenmlError && error.status === 404) return undefined;
    throw error;
  }
}

function notZenml(url: string): ZenmlError {
  return new ZenmlError({
    kind: 'http',
    method: 'GET',
    url: `${url}/api/v1/info`,
    status: 200,
    detail: 'the answer has no version or auth_scheme: this URL does not look like a ZenML server',
    context: 'read the server info',
    maybeApplied: false,
  });
}
