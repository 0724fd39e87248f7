/**
 * A fake of GitHub's REST secrets API on loopback, for tests and the demo. Node 24 runs it directly
 * (erasable TypeScript only; imports nothing from src/).
 *
 *   const gh = await startFakeGitHub({
 *     token: 'ghp_test',                                  // Authorization: Bearer|token <t>, else 401
 *     repositories: ['acme/app', { fullName: 'acme/lib', id: 42 }],   // ids are integers (auto if omitted)
 *     environments: { 'acme/app': ['prod', 'staging'] }, // environments must exist (404 otherwise)
 *     organizations: ['acme'],                            // owners of listed repositories are NOT orgs unless listed
 *     pathPrefix: '/api/v3',                              // optional: serve like GitHub Enterprise Server
 *     tls: { key, cert },                                 // optional: serve https (test/fixtures/tls)
 *   });
 *   gh.url                          // http(s)://127.0.0.1:PORT, the API base URL
 *   gh.requests                     // [{method, path, headers (lower-case names), body, status}], in order
 *   gh.secret('repository:acme/app', 'NAME')   // {plaintext, keyId, writes, visibility?, selectedRepositoryIds?} | undefined
 *        // targets: 'repository:o/r', 'environment:o/r/env', 'organization:org', 'dependabot:repository:o/r',
 *        // 'dependabot:organization:org' (case-insensitive); `writes` counts PUTs that succeeded
 *   gh.keyPair('repository:acme/app')          // {keyId, publicKey, privateKey} (base64), made on first use
 *   gh.rotateKey('repository:acme/app')        // a new key pair and key_id: PUTs with the old key_id get 422
 *   gh.repositoryId('acme/app')                // the integer id served by GET /repos/acme/app
 *   gh.fail({ method: 'PUT', path: /\/secrets\/X$/, times: 2, fault })        // inject faults, first match wins
 *        fault: { kind: 'integration-forbidden', acceptedPermissions?: 'secrets=write' }   // GitHub's 403 body
 *             | { kind: 'status', status: 404 | 422 | 500 | 502 | …, message?, headers? }
 *             | { kind: 'rate-limit', status?: 429 | 403, retryAfter?: seconds, secondary?: true }
 *                  // secondary (default): "You have exceeded a secondary rate limit…", retry-after when given;
 *                  // secondary: false: primary limit, x-ratelimit-remaining 0 and x-ratelimit-reset in 1 s
 *             | { kind: 'reset', apply?: boolean }   // destroy the socket; apply: true stores the PUT first
 *   gh.clearFaults(); await gh.close();
 *
 * Served: GET /repos/{o}/{r}; GET …/{actions|dependabot}/secrets/public-key and PUT …/secrets/{name}
 * for repositories and organizations; GET/PUT …/environments/{env}/secrets/…; GET of a repository
 * secret's metadata; for organization secrets, GET of the metadata (with `visibility`) and GET/PUT of
 * …/secrets/{name}/repositories (the `selected` list; PUT is 409 unless the secret is `selected`). PUT bodies are validated as GitHub's schema does (padded base64 encrypted_value,
 * key_id of the current key, org visibility enum, integer selected_repository_ids), decrypted with the
 * target's private key, and answered 201 (created) or 204 (updated).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers';

export interface FakeGitHubOptions {
  readonly token: string;
  readonly repositories?: readonly (string | { readonly fullName: string; readonly id: number })[];
  readonly environments?: Readonly<Record<string, readonly string[]>>;
  readonly organizations?: readonly string[];
  /** Serve under a path prefix, as GitHub Enterprise Server does (`/api/v3`). */
  readonly pathPrefix?: string;
  /** Serve https with this key and certificate (PEM), as GitHub does. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Listen on this port of 127.0.0.1 (default 0: a free one). */
  readonly port?: number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** What the fake answered; 0 when it reset the connection. */
  status: number;
}

export interface StoredSecret {
  readonly plaintext: string;
  readonly keyId: string;
  readonly visibility?: string;
  readonly selectedRepositoryIds?: readonly number[];
  readonly writes: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type Fault =
  | { readonly kind: 'integration-forbidden'; readonly acceptedPermissions?: string }
  | { readonly kind: 'status'; readonly status: number; readonly message?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'rate-limit'; readonly status?: 429 | 403; readonly retryAfter?: number; readonly secondary?: boolean }
  | { readonly kind: 'reset'; readonly apply?: boolean };

export interface FaultRule {
  readonly method?: string;
  /** Exact decoded path, or a pattern tested against it. */
  readonly path?: string | RegExp;
  /** How many matching requests get the fault (default 1). */
  readonly times?: number;
  readonly fault: Fault;
}

export interface KeyPair {
  readonly keyId: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

export interface FakeGitHub {
  readonly url: string;
  readonly requests: LoggedRequest[];
  secret(target: string, name: string): StoredSecret | undefined;
  keyPair(target: string): KeyPair;
  rotateKey(target: string): KeyPair;
  repositoryId(fullName: string): number | undefined;
  fail(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest/actions/secrets';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/;
const MAX_VALUE_BYTES = 49_152;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RawKeys {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** Starts the fake on 127.0.0.1, on a free port unless `port` is given. */
export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  await sodium.ready;
  const prefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
  const repos = new Map<string, { owner: string; name: string; id: number }>();
  let nextId = 1000;
  for (const entry of options.repositories ?? []) {
    const fullName = typeof entry === 'string' ? entry : entry.fullName;
    const [owner = '', name = ''] = fullName.split('/');
    const id = typeof entry === 'string' ? ++nextId : entry.id;
    repos.set(fullName.toLowerCase(), { owner, name, id });
  }
  const environments = new Set<string>();
  for (const [repo, envs] of Object.entries(options.environments ?? {})) {
    for (const env of envs) environments.add(`${repo}/${env}`.toLowerCase());
  }
  const orgs = new Set((options.organizations ?? []).map((o) => o.toLowerCase()));
  const keys = new Map<string, RawKeys>();
  const secrets = new Map<string, StoredSecret>();
  const faults: { rule: FaultRule; left: number }[] = [];
  const requests: LoggedRequest[] = [];
  let keyCounter = 0;

  const newKeys = (): RawKeys => {
    const pair = sodium.crypto_box_keypair();
    keyCounter += 1;
    return { keyId: `568250167242549${String(keyCounter).padStart(3, '0')}`, publicKey: pair.publicKey, privateKey: pair.privateKey };
  };
  const keysFor = (target: string): RawKeys => {
    const key = target.toLowerCase();
    let pair = keys.get(key);
    if (pair === undefined) {
      pair = newKeys();
      keys.set(key, pair);
    }
    return pair;
  };
  const exportKeys = (pair: RawKeys): KeyPair => ({
    keyId: pair.keyId,
    publicKey: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
    privateKey: sodium.to_base64(pair.privateKey, sodium.base64_variants.ORIGINAL),
  });

  const takeFault = (method: string, path: string): Fault | undefined => {
    for (const entry of faults) {
      const { rule } = entry;
      if (entry.left <= 0) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (rule.path !== undefined && (typeof rule.path === 'string' ? rule.path !== path : !rule.path.test(path))) continue;
      entry.left -= 1;
      return rule.fault;
    }
    return undefined;
  };

  const faultReply = (fault: Exclude<Fault, { kind: 'reset' }>): Reply => {
    switch (fault.kind) {
      case 'integration-forbidden':
        return {
          status: 403,
          body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' },
          headers: { 'x-accepted-github-permissions': fault.acceptedPermissions ?? 'secrets=write' },
        };
      case 'status':
        return {
          status: fault.status,
          body: { message: fault.message ?? defaultMessage(fault.status), documentation_url: DOCS, status: String(fault.status) },
          headers: { ...fault.headers },
        };
      case 'rate-limit': {
        const status = fault.status ?? 429;
        if (fault.secondary === false) {
          return {
            status,
            body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: DOCS, status: String(status) },
            headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
          };
        }
        return {
          status,
          body: {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
            documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
            status: String(status),
          },
          headers: fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) },
        };
      }
    }
  };

  const put = (target: string, name: string, body: unknown, org: boolean, orgName: string): Reply => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' } };
    }
    const b = body as Record<string, unknown>;
    const invalid = (text: string): Reply => ({ status: 422, body: { message: `Invalid request.\n\n${text}`, documentation_url: DOCS, status: '422' } });
    const upper = name.toUpperCase();
    if (!SECRET_NAME.test(upper) || upper.startsWith('GITHUB_')) {
      return {
        status: 422,
        body: {
          message:
            'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).',
          documentation_url: DOCS,
          status: '422',
        },
      };
    }
    if (b.encrypted_value === undefined) return invalid('"encrypted_value" wasn\'t supplied.');
    if (typeof b.encrypted_value !== 'string' || !BASE64.test(b.encrypted_value)) {
      return invalid(`For 'properties/encrypted_value', ${JSON.stringify(b.encrypted_value)} does not match ${BASE64.source}.`);
    }
    if (b.key_id === undefined) return invalid('"key_id" wasn\'t supplied.');
    if (typeof b.key_id !== 'string') return invalid(`For 'properties/key_id', ${JSON.stringify(b.key_id)} is not a string.`);
    let selectedIds: number[] | undefined;
    if (org) {
      if (b.visibility === undefined) return invalid('"visibility" wasn\'t supplied.');
      if (b.visibility !== 'all' && b.visibility !== 'private' && b.visibility !== 'selected') {
        return invalid(`For 'properties/visibility', ${JSON.stringify(b.visibility)} is not one of ["all", "private", "selected"].`);
      }
      if (b.selected_repository_ids !== undefined) {
        if (!Array.isArray(b.selected_repository_ids)) return invalid(`For 'properties/selected_repository_ids', ${JSON.stringify(b.selected_repository_ids)} is not an array.`);
        for (const id of b.selected_repository_ids) {
          if (typeof id !== 'number' || !Number.isInteger(id)) return invalid(`For 'items', ${JSON.stringify(id)} is not an integer.`);
          const known = [...repos.values()].some((r) => r.id === id && r.owner.toLowerCase() === orgName.toLowerCase());
          if (!known) return invalid(`Repository ${id} is not in the organization.`);
        }
        selectedIds = b.selected_repository_ids as number[];
      }
    }
    const pair = keysFor(target);
    const improper: Reply = {
      status: 422,
      body: { message: 'Bad request - validation failed due to an improperly encrypted secret', documentation_url: DOCS, status: '422' },
    };
    if (b.key_id !== pair.keyId) return improper;
    let plaintext: string;
    try {
      const sealed = sodium.from_base64(b.encrypted_value, sodium.base64_variants.ORIGINAL);
      const opened = sodium.crypto_box_seal_open(sealed, pair.publicKey, pair.privateKey);
      plaintext = new TextDecoder('utf-8', { fatal: true }).decode(opened);
    } catch {
      return improper;
    }
    if (Buffer.byteLength(plaintext) > MAX_VALUE_BYTES) {
      return { status: 422, body: { message: 'Failed to add secret. Value is too large.', documentation_url: DOCS, status: '422' } };
    }
    const key = `${target.toLowerCase()}#${upper}`;
    const previous = secrets.get(key);
    const now = new Date().toISOString();
    // GitHub keeps the repository list only while the secret stays `selected`. Whether a `selected` update that
    // leaves the list out keeps it is not documented: the fake keeps it (the action always sends it anyway).
    if (org && b.visibility === 'selected' && selectedIds === undefined) selectedIds = [...(previous?.selectedRepositoryIds ?? [])];
    if (org && b.visibility !== 'selected') selectedIds = undefined;
    secrets.set(key, {
      plaintext,
      keyId: b.key_id,
      ...(org ? { visibility: b.visibility as string } : {}),
      ...(selectedIds === undefined ? {} : { selectedRepositoryIds: selectedIds }),
      writes: (previous?.writes ?? 0) + 1,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    });
    return previous === undefined ? { status: 201, body: {} } : { status: 204 };
  };

  const route = (method: string, segments: string[], body: unknown, query: URLSearchParams): Reply => {
    const notFound: Reply = { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
    const [root, a = '', b = '', c = '', d = '', e = '', f = '', g = ''] = segments;
    if (root === 'repos') {
      const repo = repos.get(`${a}/${b}`.toLowerCase());
      if (repo === undefined) return notFound;
      const full = `${repo.owner}/${repo.name}`;
      if (segments.length === 3 && method === 'GET') {
        return { status: 200, body: { id: repo.id, node_id: `R_${repo.id}`, name: repo.name, full_name: full, owner: { login: repo.owner }, private: true } };
      }
      if ((c === 'actions' || c === 'dependabot') && d === 'secrets' && segments.length === 6) {
        const target = `${c === 'dependabot' ? 'dependabot:' : ''}repository:${full}`;
        if (e === 'public-key' && method === 'GET') return publicKeyReply(keysFor(target));
        if (method === 'PUT') return put(target, e, body, false, '');
        if (method === 'GET') {
          const s = secrets.get(`${target.toLowerCase()}#${e.toUpperCase()}`);
          return s === undefined ? notFound : { status: 200, body: { name: e.toUpperCase(), created_at: s.createdAt, updated_at: s.updatedAt } };
        }
      }
      if (c === 'environments' && e === 'secrets' && segments.length === 7) {
        if (!environments.has(`${full}/${d}`.toLowerCase())) return notFound;
        const target = `environment:${full}/${d}`;
        if (f === 'public-key' && method === 'GET') return publicKeyReply(keysFor(target));
        if (method === 'PUT') return put(target, f, body, false, '');
      }
      void g;
      return notFound;
    }
    if (root === 'orgs' && (b === 'actions' || b === 'dependabot') && c === 'secrets' && (segments.length === 5 || (segments.length === 6 && e === 'repositories'))) {
      if (!orgs.has(a.toLowerCase())) return notFound;
      const target = `${b === 'dependabot' ? 'dependabot:' : ''}organization:${a}`;
      if (d === 'public-key' && method === 'GET') return publicKeyReply(keysFor(target));
      if (segments.length === 5 && method === 'PUT') return put(target, d, body, true, a);
      const key = `${target.toLowerCase()}#${d.toUpperCase()}`;
      const s = secrets.get(key);
      if (s === undefined) return notFound;
      if (segments.length === 5 && method === 'GET') {
        const url = `${prefix}/orgs/${a}/${b}/secrets/${d.toUpperCase()}/repositories`;
        return {
          status: 200,
          body: { name: d.toUpperCase(), created_at: s.createdAt, updated_at: s.updatedAt, visibility: s.visibility, ...(s.visibility === 'selected' ? { selected_repositories_url: url } : {}) },
        };
      }
      if (segments.length === 6 && method === 'GET') {
        const ids = s.selectedRepositoryIds ?? [];
        const perPage = Math.min(100, Number(query.get('per_page') ?? 30) || 30);
        const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
        const list = [...repos.values()].filter((r) => ids.includes(r.id));
        const repositories = list.slice((page - 1) * perPage, page * perPage).map((r) => ({ id: r.id, name: r.name, full_name: `${r.owner}/${r.name}`, private: true }));
        return { status: 200, body: { total_count: list.length, repositories } };
      }
      if (segments.length === 6 && method === 'PUT') {
        // "Set selected repositories": only while the secret is `selected` (409 otherwise), as GitHub answers.
        if (s.visibility !== 'selected') return { status: 409, body: { message: 'Conflict', documentation_url: DOCS, status: '409' } };
        const ids = (body as { selected_repository_ids?: unknown } | undefined)?.selected_repository_ids;
        if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'number' && Number.isInteger(id))) {
          return { status: 422, body: { message: 'Invalid request.', documentation_url: DOCS, status: '422' } };
        }
        secrets.set(key, { ...s, selectedRepositoryIds: ids as number[] });
        return { status: 204 };
      }
    }
    return notFound;
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = (req.method ?? 'GET').toUpperCase();
      let rawPath = (req.url ?? '/').split('?')[0] ?? '/';
      const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
      if (prefix !== '') rawPath = rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : '/-outside-prefix-';
      const segments = rawPath.split('/').filter((s) => s !== '').map((s) => safeDecode(s));
      const path = `/${segments.join('/')}`;
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text === '' ? undefined : text;
      let parseFailed = false;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          parseFailed = true;
        }
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const entry: LoggedRequest = { method, path, headers, body, status: 0 };
      requests.push(entry);

      const send = (reply: Reply): void => {
        entry.status = reply.status;
        const out: Record<string, string> = { 'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(), ...reply.headers };
        if (reply.body === undefined) {
          res.writeHead(reply.status, out).end();
        } else {
          res.writeHead(reply.status, { ...out, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply.body));
        }
      };

      const auth = /^(?:Bearer|token) (.+)$/i.exec(headers.authorization ?? '');
      if (auth === null || auth[1] !== options.token) {
        send({ status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } });
        return;
      }
      const fault = takeFault(method, path);
      if (fault?.kind === 'reset') {
        if (fault.apply === true && !parseFailed) route(method, segments, body, query);
        req.socket.destroy();
        return;
      }
      if (fault !== undefined) {
        send(faultReply(fault));
        return;
      }
      if (parseFailed) {
        send({ status: 400, body: { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' } });
        return;
      }
      send(route(method, segments, body, query));
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createServer(listener);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}${prefix}`,
    requests,
    secret: (target, name) => secrets.get(`${target.toLowerCase()}#${name.toUpperCase()}`),
    keyPair: (target) => exportKeys(keysFor(target)),
    rotateKey: (target) => {
      const pair = newKeys();
      keys.set(target.toLowerCase(), pair);
      return exportKeys(pair);
    },
    repositoryId: (fullName) => repos.get(fullName.toLowerCase())?.id,
    fail: (rule) => {
      faults.push({ rule, left: rule.times ?? 1 });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function publicKeyReply(pair: RawKeys): Reply {
  return { status: 200, body: { key_id: pair.keyId, key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL) } };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function defaultMessage(status: number): string {
  if (status === 404) return 'Not Found';
  if (status === 422) return 'Validation Failed';
  if (status >= 500) return 'Server Error';
  return 'Error';
}
