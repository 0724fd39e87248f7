import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 542:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(492);

await (0,_run_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .eF)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 492:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  eF: () => (/* binding */ run)
});

// UNUSED EXPORTS: STATE_EPHEMERAL_ACCOUNT, STATE_EPHEMERAL_KEY, STATE_EPHEMERAL_NAME, actionLogger, mask, maskSecretInputs

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./build/core/errors.js
/**
 * A bad input, flag or setting, found before any request was made. `input` names what the user wrote
 * (`server-url`, `--retain`, `ZENML_STORE_URL`, …) so the action and the CLI can point at it.
 */
class errors_InputError extends Error {
    name = 'InputError';
    input;
    constructor(input, message) {
        super(`${input}: ${message}`);
        this.input = input;
    }
}
/** Renders anything thrown as one line; a thrown non-Error still becomes a message. */
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error) ?? String(error);
    }
    catch {
        return String(error);
    }
}

;// CONCATENATED MODULE: ./build/core/redact.js
/** Replaces every known secret in a text with `***`; the last line of defence for messages. */
class Redactor {
    #secrets = new Set();
    /** Registers secrets to hide; values shorter than 4 characters are ignored (they would hide words). */
    add(...secrets) {
        for (const secret of secrets)
            if (secret && secret.length >= 4)
                this.#secrets.add(secret);
    }
    /** The text with every registered secret (and its percent-encoded form) replaced by `***`. */
    redact(text) {
        let out = text;
        for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
            for (const form of new Set([secret, encodeURIComponent(secret)]))
                out = out.split(form).join('***');
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./build/zenml/errors.js
/** Any failure talking to the ZenML server, with the status, the server's message and what we were doing. */
class errors_ZenmlError extends Error {
    name = 'ZenmlError';
    kind;
    method;
    url;
    status;
    exceptionClass;
    detail;
    context;
    maybeApplied;
    retryAfterMs;
    code;
    constructor(fields) {
        super(formatMessage(fields));
        this.kind = fields.kind;
        this.method = fields.method;
        this.url = fields.url;
        this.status = fields.status;
        this.exceptionClass = fields.exceptionClass;
        this.detail = fields.detail;
        this.context = fields.context;
        this.maybeApplied = fields.maybeApplied;
        this.retryAfterMs = fields.retryAfterMs;
        this.code = fields.code;
    }
    /** The same failure, described as part of a larger step (`context`). */
    within(context) {
        return new errors_ZenmlError({ ...this.fields(), context });
    }
    fields() {
        return {
            kind: this.kind,
            method: this.method,
            url: this.url,
            detail: this.detail,
            context: this.context,
            maybeApplied: this.maybeApplied,
            ...(this.status === undefined ? {} : { status: this.status }),
            ...(this.exceptionClass === undefined ? {} : { exceptionClass: this.exceptionClass }),
            ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
            ...(this.code === undefined ? {} : { code: this.code }),
        };
    }
}
function formatMessage(f) {
    const where = `(${f.method} ${f.url})`;
    if (f.kind !== 'http')
        return `${f.context}: ${f.detail} ${where}`;
    const cls = f.exceptionClass ? `${f.exceptionClass}: ` : '';
    return `${f.context}: ZenML answered ${f.status} ${cls}${f.detail} ${where}`;
}
const MAX_DETAIL = 400;
/**
 * Reads a ZenML error body: `{"detail": [cls, msg]}`, `{"detail": "msg"}`, a bare `[cls, msg]` (422),
 * FastAPI validation lists, OAuth `{error, error_description}`, and HTML or empty bodies from proxies.
 */
function parseErrorBody(status, contentType, text) {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed === 'null')
        return { detail: `an empty answer (HTTP ${status})` };
    let json;
    try {
        json = JSON.parse(trimmed);
    }
    catch {
        return { detail: describeNonJson(contentType, trimmed) };
    }
    const shaped = fromJson(json);
    return shaped ?? { detail: oneLine(trimmed) };
}
function fromJson(json) {
    if (Array.isArray(json))
        return fromArray(json);
    if (json === null || typeof json !== 'object')
        return typeof json === 'string' ? { detail: oneLine(json) } : undefined;
    const body = json;
    const detail = body['detail'];
    if (typeof detail === 'string')
        return { detail: oneLine(detail) };
    if (Array.isArray(detail))
        return fromArray(detail);
    if (typeof body['error'] === 'string') {
        const description = typeof body['error_description'] === 'string' ? body['error_description'] : body['error'];
        return { exceptionClass: body['error'], detail: oneLine(description) };
    }
    if (typeof body['message'] === 'string')
        return { detail: oneLine(body['message']) };
    return undefined;
}
function fromArray(items) {
    if (items.length > 0 && items.every((item) => typeof item === 'string')) {
        const [first, ...rest] = items;
        if (rest.length === 0)
            return { detail: oneLine(unquote(first ?? '')) };
        return { exceptionClass: first ?? '', detail: oneLine(rest.map(unquote).join(': ')) };
    }
    const messages = items
        .filter((item) => item !== null && typeof item === 'object')
        .map((item) => {
        const loc = Array.isArray(item['loc']) ? item['loc'].join('.') : '';
        const msg = typeof item['msg'] === 'string' ? item['msg'] : JSON.stringify(item);
        return loc ? `${loc}: ${msg}` : msg;
    });
    return messages.length > 0 ? { exceptionClass: 'ValidationError', detail: oneLine(messages.join('; ')) } : undefined;
}
/** Python's KeyError wraps its message in quotes: `"\"No service account …\""`. */
function unquote(text) {
    return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}
function describeNonJson(contentType, text) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h1>([^<]*)<\/h1>/i.exec(text)?.[1];
    const kind = contentType.includes('html') || /^<(!doctype|html)/i.test(text) ? 'an HTML page' : 'a non-JSON answer';
    const what = title ? `: "${oneLine(title)}"` : '';
    return `${kind}${what}, not ZenML's JSON (a proxy or load balancer in front of the server?)`;
}
function oneLine(text) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}

;// CONCATENATED MODULE: ./build/commands/explain.js


/** One line that says what failed and, for the usual causes, what to do about it. */
function explainFailure(error) {
    const message = errorMessage(error);
    const zenml = findZenmlError(error);
    if (!zenml || zenml.kind !== 'http')
        return message;
    if (zenml.status === 403 && zenml.exceptionClass === 'IllegalOperationError' && /admin/i.test(zenml.detail)) {
        return `${message}; this server lets only admin users manage service accounts: authenticate with an admin user's username and password`;
    }
    if (zenml.status === 401 && /log in/.test(zenml.context)) {
        if (/could not verify key value/.test(zenml.detail)) {
            return `${message}; the key's value is wrong, or it was rotated and its retention has ended: use the current key`;
        }
        if (/error retrieving API key/.test(zenml.detail))
            return `${message}; the key was deleted: create a new one`;
        if (/invalid username or password/i.test(zenml.detail))
            return `${message}; check username and password`;
    }
    if (zenml.status === 429)
        return `${message}; the server is rate-limiting logins: wait a minute before trying again`;
    return message;
}
function findZenmlError(error) {
    for (let e = error; e instanceof Error; e = e.cause) {
        if (e instanceof errors_ZenmlError)
            return e;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./build/core/pool.js
/**
 * Runs asynchronous tasks at most `limit` at a time, in the order they were queued. The audit reads a
 * whole server with it: enough requests in flight to hide the round trip, few enough that a ZenML server
 * (a small thread pool behind one database) is not flooded by one scheduled job.
 */
class Pool {
    limit;
    #queue = [];
    #running = 0;
    constructor(limit) {
        if (!Number.isInteger(limit) || limit < 1)
            throw new Error(`internal: a pool needs a limit of 1 or more, not ${limit}`);
        this.limit = limit;
    }
    /** Runs `task` when a slot is free; settles as the task does. */
    run(task) {
        return new Promise((resolve, reject) => {
            const start = () => {
                this.#running++;
                // A task that throws synchronously still frees its slot.
                Promise.resolve()
                    .then(task)
                    .then(resolve, reject)
                    .finally(() => {
                    this.#running--;
                    this.#queue.shift()?.();
                });
            };
            if (this.#running < this.limit)
                start();
            else
                this.#queue.push(start);
        });
    }
}

;// CONCATENATED MODULE: ./build/core/logger.js
/** A logger that drops everything: the default for library callers and tests that do not look. */
const silentLogger = {
    debug() { },
    info() { },
    warning() { },
};

;// CONCATENATED MODULE: ./build/core/proxy.js

// Proxies come from the runner's variables: https_proxy/http_proxy/no_proxy, or upper case (lower case wins).
// Node applies them by itself only with NODE_USE_ENV_PROXY=1 at startup, which the runner does not set, so
// we hand them to our agents (`proxyEnv`, Node ≥ 24.5; src/core/http.ts). A configured proxy is never
// skipped: on a Node that cannot use it, this fails with one line instead of ending in a puzzling
// connection error.
/** The proxy variables that are set, the one Node uses per scheme (for https it falls back to http_proxy). */
function proxyVariables(env) {
    const pairs = [
        ['https_proxy', 'HTTPS_PROXY'],
        ['http_proxy', 'HTTP_PROXY'],
    ];
    const used = pairs.flatMap(([lower, upper]) => (env[lower]?.trim() ? [lower] : env[upper]?.trim() ? [upper] : []));
    for (const name of used) {
        const value = env[name];
        // Node would reject it too, but with the URL, and any password in it, in the message.
        if (!URL.canParse(value) || /[\r\n]/.test(value)) {
            throw new errors_InputError(name, 'is not a proxy URL (expected e.g. http://proxy.example.com:3128)');
        }
    }
    return used;
}
/** The environment for a Node agent's `proxyEnv` when a proxy variable is set, else undefined. */
function agentProxyEnv(env, version = process.version) {
    const used = proxyVariables(env);
    if (used.length === 0)
        return undefined;
    const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
    if (major < 24 || (major === 24 && minor < 5)) {
        throw new errors_InputError(used[0], `is set, but Node.js ${version} cannot send requests through a proxy (that needs Node.js 24.5.0 or later): update the runner, or Node.js`);
    }
    return env;
}

;// CONCATENATED MODULE: ./build/core/http.js

const MAX_REDIRECTS = 5;
// Loaded on first use, synchronously: a run that fails validation never pays for TLS, and the first request
// goes out at once instead of after an asynchronous import.
const nodeHttp = () => process.getBuiltinModule('node:http');
const nodeHttps = () => process.getBuiltinModule('node:https');
/** Sends requests over keep-alive connections, one agent per scheme. */
class HttpClient {
    #options;
    #proxyEnv;
    #agents = new Map();
    constructor(options = {}) {
        this.#options = options;
        // HTTP(S)_PROXY/NO_PROXY are read here, when a client is made, never at import.
        this.#proxyEnv = agentProxyEnv(process.env);
    }
    /**
     * Sends a request and follows up to five redirects (see redirectOf). Each hop is sent with the signal
     * `signalFor` gives for it, so that a caller can tell which hop failed, and whether its time ran out.
     */
    async send(request, signalFor) {
        for (let hop = 0;; hop++) {
            const answer = await this.exchange(request, signalFor(request));
            const next = hop < MAX_REDIRECTS ? redirectOf(request, answer) : undefined;
            if (!next)
                return { request, answer };
            request = next;
        }
    }
    /** One request and its whole answer; rejects with Node's error (or the signal's) when none arrives. */
    exchange(request, signal) {
        const { url, method, headers, body } = request;
        const agent = this.#agent(url.protocol);
        const send = url.protocol === 'https:' ? nodeHttps().request : nodeHttp().request;
        const sent = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
        return new Promise((resolve, reject) => {
            const req = send(url, { method, headers: sent, agent, ...(signal ? { signal } : {}) }, (res) => {
                const chunks = [];
                res.on('data', (chunk) => chunks.push(chunk));
                res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) }));
                res.on('error', reject);
                res.on('close', () => {
                    if (!res.complete)
                        reject(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
                });
            });
            req.on('error', reject);
            req.end(body);
        });
    }
    /** Closes the idle connections. */
    close() {
        for (const agent of this.#agents.values())
            agent.destroy();
        this.#agents.clear();
    }
    #agent(protocol) {
        let agent = this.#agents.get(protocol);
        if (!agent) {
            const { tls } = this.#options;
            const proxyEnv = this.#proxyEnv;
            const common = { keepAlive: true, ...(proxyEnv ? { proxyEnv } : {}) };
            agent =
                protocol === 'https:'
                    ? new (nodeHttps().Agent)({ ...common, ...(tls ? { rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? { ca: [...tls.ca] } : {}) } : {}) })
                    : new (nodeHttp().Agent)(common);
            this.#agents.set(protocol, agent);
        }
        return agent;
    }
}
/** One header's value (the first, if repeated). */
function headerOf(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/**
 * The request to send next when an answer is a redirect, as fetch follows it: 303 (and 301/302 after
 * anything but GET) turn into a GET without body. Credentials are for the server the user named, never
 * for wherever it points us: they are dropped when the origin changes.
 */
function redirectOf(request, answer) {
    const location = headerOf(answer.headers, 'location');
    if (answer.status < 300 || answer.status >= 400 || !location)
        return undefined;
    const url = new URL(location, request.url);
    let headers = { ...request.headers };
    if (url.origin !== request.url.origin) {
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^(authorization|x-csrf-token|cookie)$/i.test(name)));
    }
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && request.method !== 'GET')) {
        delete headers['content-type'];
        return { url, method: 'GET', headers, body: undefined };
    }
    return { url, method: request.method, headers, body: request.body };
}

;// CONCATENATED MODULE: ./build/github/fetch.js
/** How long one request may take, as Node's fetch allowed (undici's five-minute header and body timeouts). */
const TIMEOUT_MS = 300_000;
/**
 * A fetch for Octokit's `request.fetch` over Node's http/https (see src/core/http.ts for why not global
 * fetch). Redirects are followed as fetch follows them; a request that gets no answer (or none within five
 * minutes) rejects with a TypeError whose `cause` is Node's error, as fetch does, which Octokit turns into
 * a status-500 error that its retry plugin retries.
 */
function createFetch(http, timeoutMs = TIMEOUT_MS) {
    return async (input, init = {}) => {
        if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
            throw new TypeError('internal: GitHub request bodies are JSON text');
        }
        const first = { url: new URL(String(input)), method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body ?? undefined };
        let timeout;
        let sent;
        try {
            sent = await http.send(first, () => {
                timeout = AbortSignal.timeout(timeoutMs);
                return init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
            });
        }
        catch (error) {
            if (init.signal?.aborted)
                throw error;
            const cause = timeout?.aborted ? Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' }) : error;
            throw new TypeError('fetch failed', { cause });
        }
        const { request, answer } = sent;
        const { body } = answer;
        const headers = new Map(Object.entries(answer.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
        return {
            status: answer.status,
            statusText: answer.statusText,
            url: request.url.href,
            headers,
            body: null,
            text: async () => body.toString('utf8'),
            arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength),
        };
    };
}

;// CONCATENATED MODULE: ./build/github/client.js



const GITHUB_API_VERSION = '2022-11-28';
/** Validates an API base URL and drops a trailing slash. */
function normalizeBaseUrl(raw) {
    const trimmed = raw.trim().replace(/\/+$/, '');
    let url;
    try {
        url = new URL(trimmed);
    }
    catch {
        throw new errors_InputError('github-api-url', `'${raw}' is not a URL (expected e.g. https://api.github.com or https://HOST/api/v3)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors_InputError('github-api-url', `'${raw}' must be an http(s) URL`);
    }
    if (url.username !== '' || url.password !== '') {
        throw new errors_InputError('github-api-url', 'must not contain credentials; pass the token as github-token');
    }
    return trimmed;
}
/**
 * Builds an Octokit with retry (5xx, network errors) and throttling (rate limits, honouring
 * retry-after; writes spaced one "second" apart). The modules are loaded here, not at import.
 * Requests go through Node's http/https (src/core/http.ts), and through the proxy the environment names, if any.
 */
async function createGitHubClient(options) {
    if (options.token.trim() === '') {
        throw new errors_InputError('github-token', 'is empty: pass a fine-grained PAT or GitHub App token with Secrets: write');
    }
    const baseUrl = normalizeBaseUrl(options.baseUrl);
    const http = new HttpClient();
    const [{ Octokit: Core }, { retry }, { throttling }] = await Promise.all([
        __nccwpck_require__.e(/* import() */ 730).then(__nccwpck_require__.bind(__nccwpck_require__, 730)),
        Promise.all(/* import() */[__nccwpck_require__.e(251), __nccwpck_require__.e(735)]).then(__nccwpck_require__.bind(__nccwpck_require__, 735)),
        Promise.all(/* import() */[__nccwpck_require__.e(251), __nccwpck_require__.e(856)]).then(__nccwpck_require__.bind(__nccwpck_require__, 856)),
    ]);
    const scale = options.timeScaleMs ?? 1000;
    const maxRetries = options.maxRetries ?? 3;
    const maxWait = options.maxRateLimitWaitSeconds ?? 15 * 60;
    const { logger } = options;
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        if (retryCount >= maxRetries || retryAfter > maxWait) {
            logger.warning(`GitHub ${kind} on ${request.method} ${request.url}; giving up after ${retryCount} retries`);
            return false;
        }
        logger.warning(`GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
        return true;
    };
    const GitHub = Core.plugin(githubDefaults, throttling, retry);
    return new GitHub({
        auth: options.token,
        baseUrl,
        request: { fetch: createFetch(http) },
        userAgent: withOrchestrationId(options.userAgent ?? 'zenml-service-account-action', process.env['ACTIONS_ORCHESTRATION_ID']),
        log: {
            debug: (m) => logger.debug(m),
            info: (m) => logger.debug(m),
            warn: (m) => logger.debug(m),
            error: (m) => logger.debug(m),
        },
        throttle: {
            onRateLimit: onLimit('rate limit'),
            onSecondaryRateLimit: onLimit('secondary rate limit'),
            retryAfterBaseValue: scale,
            // GitHub: without retry-after, wait at least a minute after a secondary limit.
            fallbackSecondaryRateRetryAfter: 60,
            // The plugin's own write group is shared by every client in the process and fixed at 1 s.
            write: spacedGroup(scale),
            global: passThroughGroup(),
            retryLimiter: retryingLimiter(),
        },
        retry: {
            retries: maxRetries,
            retryAfterBaseValue: scale,
            // 429 is the throttling plugin's (it honours retry-after); retrying it here too would multiply waits.
            doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        },
    });
}
/**
 * Adds the runner's orchestration id to the user agent, as @actions/github does, so that GitHub can tie
 * the requests to the job that made them.
 */
function withOrchestrationId(userAgent, orchestrationId) {
    const id = orchestrationId?.trim();
    if (!id)
        return userAgent;
    return `${userAgent} actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}`;
}
/**
 * Pins the API version (Octokit has no option for default headers) and marks bare 429s, whose
 * message the throttling plugin does not recognise as a rate limit, so that it waits (honouring
 * retry-after) instead of failing at once. Registered first, so it runs inside the other plugins.
 */
function githubDefaults(octokit) {
    octokit.hook.wrap('request', async (request, options) => {
        options.headers = { ...options.headers, 'x-github-api-version': GITHUB_API_VERSION };
        try {
            return await request(options);
        }
        catch (error) {
            const e = error;
            if (e.status === 429 &&
                typeof e.message === 'string' &&
                !/\bsecondary rate\b/i.test(e.message) &&
                e.response?.headers?.['x-ratelimit-remaining'] !== '0') {
                e.message = `${e.message} (secondary rate limit)`;
            }
            throw error;
        }
    });
}
/** The job of a Bottleneck `schedule([options,] fn, ...args)` call: a thunk, and the arguments it passes. */
function jobOf(args) {
    const fnIndex = typeof args[0] === 'function' ? 0 : 1;
    const fn = args[fnIndex];
    const rest = args.slice(fnIndex + 1);
    return { run: () => fn(...rest), args: rest };
}
/**
 * A stand-in for a Bottleneck group that spaces job starts `minTimeMs` apart, as the plugin's write group
 * does. The plugin only calls `key()` and the limiter's `schedule`.
 */
function spacedGroup(minTimeMs) {
    let chain = Promise.resolve();
    let lastStart = 0;
    const limiter = {
        schedule(...args) {
            const run = chain.then(async () => {
                const wait = lastStart + minTimeMs - Date.now();
                if (wait > 0)
                    await new Promise((resolve) => setTimeout(resolve, wait));
                lastStart = Date.now();
            });
            chain = run;
            return run.then(jobOf(args).run);
        },
    };
    return { key: () => limiter };
}
// The plugin reads `global` and `retryLimiter` from its options like the documented `write` group (they are
// fields of its state, pinned with the plugin's version); a plugin that ignored them would fall back to its
// own Bottleneck queues, slower but the same. Bottleneck moves every job through several timer turns, ~5 ms
// per queue per request, on the critical path of each write.
/** A stand-in for the plugin's global group (10 requests at once): ours never run more than 10 at once. */
function passThroughGroup() {
    const limiter = { schedule: (...args) => Promise.resolve().then(jobOf(args).run) };
    return { key: () => limiter };
}
/**
 * A stand-in for the plugin's retry limiter, with Bottleneck's retry rule: when a job fails, the 'failed'
 * listener (the plugin's rate-limit handler) returns how many ms to wait before running it again, or
 * nothing to let the error through.
 */
function retryingLimiter() {
    const listeners = [];
    return {
        on(event, listener) {
            if (event === 'failed')
                listeners.push(listener);
        },
        async schedule(...args) {
            const job = jobOf(args);
            for (let retryCount = 0;; retryCount++) {
                try {
                    return await job.run();
                }
                catch (error) {
                    let wait;
                    for (const listener of listeners)
                        wait = (await listener(error, { args: job.args, retryCount })) ?? wait;
                    if (typeof wait !== 'number')
                        throw error;
                    await new Promise((resolve) => setTimeout(resolve, wait));
                }
            }
        },
    };
}

;// CONCATENATED MODULE: ./build/github/errors.js
/** A failed GitHub API call: status, method, URL (no credentials), GitHub's own message and a hint. */
class GitHubApiError extends Error {
    name = 'GitHubApiError';
    /** HTTP status; 0 when no answer arrived (network error). */
    status;
    method;
    url;
    /** The `message` GitHub sent, or the network error's text. */
    githubMessage;
    /** `x-github-request-id`, for GitHub support. */
    requestId;
    /** `x-accepted-github-permissions`: the fine-grained permissions the endpoint accepts. */
    acceptedPermissions;
    constructor(fields) {
        const diagnostics = [
            fields.acceptedPermissions === undefined ? '' : `x-accepted-github-permissions: ${fields.acceptedPermissions}`,
            fields.requestId === undefined ? '' : `x-github-request-id: ${fields.requestId}`,
        ].filter((d) => d !== '');
        const answer = fields.status === 0 ? `failed: ${fields.githubMessage}` : `answered ${fields.status} ${fields.githubMessage}`;
        super(`${fields.method} ${fields.url} ${answer}. ${fields.hint}` +
            (diagnostics.length > 0 ? ` (${diagnostics.join('; ')})` : ''));
        this.status = fields.status;
        this.method = fields.method;
        this.url = fields.url;
        this.githubMessage = fields.githubMessage;
        this.requestId = fields.requestId;
        this.acceptedPermissions = fields.acceptedPermissions;
    }
}
/** Turns whatever octokit threw into a GitHubApiError with a hint for the person reading it. */
function toGitHubApiError(error, needs) {
    if (error instanceof GitHubApiError)
        return error;
    const e = (typeof error === 'object' && error !== null ? error : {});
    if (typeof e.status !== 'number' || e.request === undefined) {
        return error instanceof Error ? error : new Error(String(error));
    }
    const response = e.response;
    // octokit reports network failures as status 500 without a response.
    const status = response === undefined ? 0 : e.status;
    const headers = response?.headers ?? {};
    const header = (name) => {
        const value = headers[name];
        return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const githubMessage = serverMessage(response?.data) ?? (typeof e.message === 'string' ? e.message : 'unknown error');
    return new GitHubApiError({
        status,
        method: typeof e.request.method === 'string' ? e.request.method : 'GET',
        url: typeof e.request.url === 'string' ? redactUrl(e.request.url) : '(unknown URL)',
        githubMessage,
        requestId: header('x-github-request-id'),
        acceptedPermissions: header('x-accepted-github-permissions'),
        hint: hintFor(status, githubMessage, needs),
    });
}
function serverMessage(data) {
    if (typeof data === 'string')
        return data.trim() === '' ? undefined : data.trim().slice(0, 500);
    if (typeof data !== 'object' || data === null)
        return undefined;
    const message = data.message;
    if (typeof message !== 'string')
        return undefined;
    const errors = data.errors;
    const details = Array.isArray(errors)
        ? errors
            .map((item) => (typeof item === 'string' ? item : typeof item === 'object' && item !== null && 'message' in item ? String(item.message) : ''))
            .filter((s) => s !== '')
        : [];
    return details.length > 0 ? `${message}: ${details.join('; ')}` : message;
}
function redactUrl(raw) {
    try {
        const url = new URL(raw);
        url.username = '';
        url.password = '';
        url.search = '';
        return url.toString();
    }
    catch {
        return raw.replace(/\?.*$/, '');
    }
}
function hintFor(status, message, needs) {
    const tokenAdvice = `Pass as github-token a fine-grained personal access token or GitHub App token with ${needs.fineGrained}, ` +
        `or a classic personal access token with the ${needs.classic} scope`;
    if (status === 0)
        return 'GitHub could not be reached (retried): check github-api-url, the network and any proxy settings';
    if (status === 401)
        return 'GitHub rejected the token: github-token is wrong, expired or revoked';
    if ((status === 403 || status === 429) && /rate limit/i.test(message)) {
        return "GitHub's rate limit stopped the request and retrying did not help: try again later or write to fewer targets at once";
    }
    if (status === 403) {
        if (/not accessible by integration/i.test(message)) {
            return (`The token may not write secrets to ${needs.object}. If it is the workflow's GITHUB_TOKEN: that token can never ` +
                `write secrets (no permissions: setting grants it). ${tokenAdvice}`);
        }
        return `The token may not write secrets to ${needs.object}. ${tokenAdvice}`;
    }
    if (status === 404) {
        return (`${capitalize(needs.object)} does not exist, or the token cannot see it ` +
            `(a fine-grained token must be granted access to it; a classic token needs the ${needs.classic} scope)`);
    }
    if (status === 422)
        return `GitHub rejected the request for ${needs.object}`;
    if (status >= 500)
        return 'GitHub kept failing after retries: try again later (https://www.githubstatus.com)';
    return `The request for ${needs.object} failed`;
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/**
 * Some targets failed. `written` were stored (the value is there now); `failed` were not. In the
 * `prepare` stage nothing was written at all.
 */
class SecretTargetsError extends Error {
    name = 'SecretTargetsError';
    stage;
    secret;
    written;
    failed;
    constructor(stage, secret, written, failed, total = written.length + failed.length) {
        const reasons = failed.map((f) => `${f.target}: ${f.error.message}`).join(' | ');
        const head = stage === 'prepare'
            ? `cannot write secrets to ${failed.length} of ${total} target(s); nothing was written`
            : `secret ${secret ?? ''} was not written to ${failed.length} of ${total} target(s)` +
                (written.length > 0 ? ` (written to ${written.map((w) => `${w.target} [${w.result}]`).join(', ')})` : ' (written to none)');
        super(`${head}: ${reasons}`);
        this.stage = stage;
        this.secret = secret;
        this.written = written;
        this.failed = failed;
    }
}

;// CONCATENATED MODULE: ./build/github/seal.js
let sodiumPromise;
/** Loads and initialises libsodium once. */
async function loadSodium() {
    sodiumPromise ??= __nccwpck_require__.e(/* import() */ 768).then(__nccwpck_require__.bind(__nccwpck_require__, 768)).then(async (module) => {
        const sodium = module.default;
        await sodium.ready;
        return sodium;
    });
    return sodiumPromise;
}
/** Decodes a public key GitHub sent (standard padded base64 of 32 bytes), or throws saying what is wrong. */
async function decodePublicKey(keyBase64) {
    const sodium = await loadSodium();
    let key;
    try {
        key = sodium.from_base64(keyBase64, sodium.base64_variants.ORIGINAL);
    }
    catch {
        throw new Error('the public key GitHub returned is not standard base64');
    }
    if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
        throw new Error(`the public key GitHub returned is ${key.length} bytes, expected ${sodium.crypto_box_PUBLICKEYBYTES}`);
    }
    return key;
}
/** Seals a value for a public key (libsodium sealed box) and returns standard padded base64, as GitHub expects. */
async function sealSecret(value, publicKey) {
    const sodium = await loadSodium();
    const key = typeof publicKey === 'string' ? await decodePublicKey(publicKey) : publicKey;
    const message = sodium.from_string(value);
    try {
        const sealed = sodium.crypto_box_seal(message, key);
        return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
    }
    finally {
        sodium.memzero(message);
    }
}

;// CONCATENATED MODULE: ./build/github/targets.js

/** GitHub's limit is 48 KB (49,152 bytes); the sealed box adds 48 bytes, so this much plaintext is safe. */
const MAX_SECRET_VALUE_BYTES = 49_152 - 48;
const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/;
// Account names: letters, digits and hyphens (underscores appear in Enterprise Managed Users' names).
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const VISIBILITIES = ['all', 'private', 'selected'];
/** Validates a secret name and returns it upper-cased, the way GitHub stores and lists it. */
function targets_validateSecretName(raw) {
    const name = raw.trim().toUpperCase();
    if (name === '')
        throw new errors_InputError('secret-name', 'is empty; give the name of the secret to write');
    if (!SECRET_NAME.test(name)) {
        throw new errors_InputError('secret-name', `'${raw}' is not a valid secret name: use only letters, digits and underscores, and do not start with a digit`);
    }
    if (name.startsWith('GITHUB_')) {
        throw new errors_InputError('secret-name', `'${raw}' starts with GITHUB_, which GitHub reserves for itself`);
    }
    return name;
}
/** Throws when a value is too large for a GitHub secret; never quotes the value. */
function targets_validateSecretValue(value) {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_SECRET_VALUE_BYTES) {
        throw new errors_InputError('secret value', `is ${bytes} bytes (UTF-8); a GitHub secret holds at most 48 KB, so at most ${MAX_SECRET_VALUE_BYTES} bytes can be stored`);
    }
}
/** Splits a comma- or newline-separated input into trimmed, non-empty items. */
function splitList(raw) {
    return (raw ?? '')
        .split(/[,\n\r]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/** Parses `owner/repo`, naming `input` in the error. */
function parseRepository(raw, input) {
    const parts = raw.split('/');
    const [owner, repo] = parts;
    if (parts.length !== 2 || owner === undefined || repo === undefined) {
        throw new errors_InputError(input, `'${raw}' is not of the form owner/repo`);
    }
    checkOwner(owner, input, raw);
    if (!REPO.test(repo) || repo === '.' || repo === '..') {
        throw new errors_InputError(input, `'${raw}' has an invalid repository name: use letters, digits, '.', '-' and '_' (at most 100 characters)`);
    }
    return { owner, repo };
}
function checkOwner(owner, input, raw) {
    if (!OWNER.test(owner)) {
        throw new errors_InputError(input, `'${raw}' has an invalid owner name: use letters, digits and hyphens, starting with a letter or digit (at most 39 characters)`);
    }
}
/** Turns the raw target inputs into a typed, validated list of targets; makes no request. */
function parseSecretTargets(inputs) {
    const store = inputs.store ?? 'actions';
    const organization = (inputs.organization ?? '').trim();
    const environment = (inputs.environment ?? '').trim();
    const visibilityRaw = (inputs.visibility ?? '').trim().toLowerCase();
    const selected = splitList(inputs.selectedRepositories);
    if (visibilityRaw !== '' && !VISIBILITIES.includes(visibilityRaw)) {
        throw new errors_InputError('visibility', `'${inputs.visibility ?? ''}' is not one of all, private, selected`);
    }
    if (organization !== '') {
        // `repository` defaults to the workflow's own repository, so it is ignored rather than rejected here.
        if (environment !== '') {
            throw new errors_InputError('environment', 'cannot be combined with organization: environment secrets belong to a repository');
        }
        checkOwner(organization, 'organization', organization);
        const visibility = (visibilityRaw === '' ? 'private' : visibilityRaw);
        if (visibility === 'selected' && selected.length === 0) {
            throw new errors_InputError('selected-repositories', "is required with visibility 'selected': list the repositories that may read the secret");
        }
        if (visibility !== 'selected' && selected.length > 0) {
            throw new errors_InputError('selected-repositories', `is only allowed with visibility 'selected' (visibility is '${visibility}')`);
        }
        return [
            {
                kind: 'organization',
                store,
                org: organization,
                visibility,
                selectedRepositories: dedupeRefs(selected.map((item) => parseSelectedRepository(item, organization))),
            },
        ];
    }
    if (visibilityRaw !== '' && visibilityRaw !== 'private') {
        throw new errors_InputError('visibility', 'applies only to organization secrets: set organization as well');
    }
    if (selected.length > 0) {
        throw new errors_InputError('selected-repositories', 'applies only to organization secrets: set organization as well');
    }
    const repositories = dedupeRepositories(splitList(inputs.repository).map((item) => parseRepository(item, 'repository')));
    if (repositories.length === 0) {
        throw new errors_InputError('repository', 'is empty: give at least one owner/repo to store the secret in');
    }
    if (environment !== '') {
        if (store !== 'actions')
            throw new errors_InputError('environment', 'Dependabot has no environment secrets');
        validateEnvironment(environment);
        const [only] = repositories;
        if (repositories.length !== 1 || only === undefined) {
            throw new errors_InputError('repository', `must name exactly one repository with environment (got ${repositories.length})`);
        }
        return [{ kind: 'environment', owner: only.owner, repo: only.repo, environment }];
    }
    return repositories.map(({ owner, repo }) => ({ kind: 'repository', store, owner, repo }));
}
function validateEnvironment(environment) {
    // eslint-disable-next-line no-control-regex
    if (environment.length > 255 || /[\u0000-\u001f\u007f]/.test(environment)) {
        throw new errors_InputError('environment', `'${environment}' is not a valid environment name (at most 255 printable characters)`);
    }
}
function parseSelectedRepository(item, org) {
    if (/^\d+$/.test(item)) {
        const id = Number(item);
        if (!Number.isSafeInteger(id) || id <= 0)
            throw new errors_InputError('selected-repositories', `'${item}' is not a valid repository id`);
        return { id };
    }
    const full = item.includes('/') ? item : `${org}/${item}`;
    const { owner, repo } = parseRepository(full, 'selected-repositories');
    if (owner.toLowerCase() !== org.toLowerCase()) {
        throw new errors_InputError('selected-repositories', `'${item}' is not in organization '${org}'`);
    }
    return { owner, name: repo };
}
function dedupeRepositories(list) {
    const seen = new Set();
    return list.filter((r) => {
        const key = `${r.owner}/${r.repo}`.toLowerCase();
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
function dedupeRefs(list) {
    const seen = new Set();
    return list.filter((r) => {
        const key = 'id' in r ? `#${r.id}` : `${r.owner}/${r.name}`.toLowerCase();
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** Names a target the way the `secrets-updated` output does: `repository:acme/app`, `environment:acme/app/prod`, `organization:acme`. */
function describeTarget(target) {
    const prefix = target.kind !== 'environment' && target.store === 'dependabot' ? 'dependabot:' : '';
    switch (target.kind) {
        case 'repository':
            return `${prefix}repository:${target.owner}/${target.repo}`;
        case 'environment':
            return `environment:${target.owner}/${target.repo}/${target.environment}`;
        case 'organization':
            return `${prefix}organization:${target.org}`;
    }
}

;// CONCATENATED MODULE: ./build/github/secrets.js





/** Creates the secrets writer; the Octokit is built on first use, so creating it makes no request. */
function createGitHubSecrets(options) {
    const logger = options.logger ?? silentLogger;
    // At most 10 at once, as the throttling plugin's global group allowed before client.ts replaced it.
    const concurrency = Math.min(10, Math.max(1, options.concurrency ?? 4));
    let client;
    const octokit = () => (client ??= createGitHubClient({ ...options, logger }));
    return {
        async prepare(targets) {
            // Sealing needs libsodium later: compile it while the public keys are on their way.
            loadSodium().catch(() => undefined);
            const gh = await octokit();
            const repoIds = new Map();
            const outcomes = await mapLimit(targets, concurrency, async (target) => {
                try {
                    return { ok: true, prepared: await prepareOne(gh, target, repoIds, logger) };
                }
                catch (error) {
                    return { ok: false, failure: { target: describeTarget(target), error: asError(error) } };
                }
            });
            const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.failure]));
            if (failed.length > 0)
                throw new SecretTargetsError('prepare', undefined, [], failed, targets.length);
            return outcomes.flatMap((o) => (o.ok ? [o.prepared] : []));
        },
        async store(prepared, rawName, value) {
            const name = targets_validateSecretName(rawName);
            targets_validateSecretValue(value);
            if (prepared.length === 0)
                return [];
            const gh = await octokit();
            const outcomes = await mapLimit(prepared, concurrency, async (p) => {
                try {
                    const result = await putSecret(gh, p, name, value);
                    logger.info(`secret ${name} ${result} in ${p.label}`);
                    return { target: p.label, secret: name, result };
                }
                catch (error) {
                    return { target: p.label, error: asError(error) };
                }
            });
            const written = outcomes.filter((o) => 'result' in o);
            const failed = outcomes.filter((o) => 'error' in o);
            if (failed.length > 0)
                throw new SecretTargetsError('store', name, written, failed);
            return written;
        },
    };
}
/** Validates name and value, runs the preflight and stores: for callers that have nothing to do in between. */
async function storeSecret(options, targets, name, value) {
    validateSecretName(name);
    validateSecretValue(value);
    const secrets = createGitHubSecrets(options);
    return secrets.store(await secrets.prepare(targets), name, value);
}
function needsFor(target) {
    const dependabot = target.kind !== 'environment' && target.store === 'dependabot';
    switch (target.kind) {
        case 'repository':
            return {
                object: `repository ${target.owner}/${target.repo}`,
                fineGrained: dependabot ? 'Dependabot secrets: write' : 'Secrets: write',
                classic: 'repo',
            };
        case 'environment':
            return {
                object: `environment '${target.environment}' of ${target.owner}/${target.repo}`,
                fineGrained: 'Environments: write and Secrets: write',
                classic: 'repo',
            };
        case 'organization':
            return {
                object: `organization ${target.org}`,
                fineGrained: dependabot ? 'organization Dependabot secrets: write' : 'organization Secrets: write',
                classic: 'admin:org',
            };
    }
}
async function prepareOne(gh, target, repoIds, logger) {
    const needs = needsFor(target);
    let response;
    try {
        response = await (target.kind === 'repository'
            ? gh.request('GET /repos/{owner}/{repo}/{store}/secrets/public-key', { owner: target.owner, repo: target.repo, store: target.store })
            : target.kind === 'environment'
                ? gh.request('GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key', {
                    owner: target.owner,
                    repo: target.repo,
                    environment_name: target.environment,
                })
                : gh.request('GET /orgs/{org}/{store}/secrets/public-key', { org: target.org, store: target.store }));
    }
    catch (error) {
        throw toGitHubApiError(error, needs);
    }
    const data = response.data;
    if (typeof data.key_id !== 'string' || typeof data.key !== 'string') {
        throw new Error(`the public key GitHub returned for ${needs.object} lacks key_id or key`);
    }
    const publicKey = await decodePublicKey(data.key);
    const selectedRepositoryIds = target.kind === 'organization' && target.visibility === 'selected'
        ? await Promise.all(target.selectedRepositories.map((ref) => resolveRepositoryId(gh, ref, repoIds)))
        : [];
    const label = describeTarget(target);
    logger.debug(`${label}: public key ${data.key_id}`);
    return { target, label, keyId: data.key_id, publicKey, selectedRepositoryIds };
}
function resolveRepositoryId(gh, ref, cache) {
    if ('id' in ref)
        return Promise.resolve(ref.id);
    const key = `${ref.owner}/${ref.name}`.toLowerCase();
    let pending = cache.get(key);
    if (pending === undefined) {
        pending = (async () => {
            try {
                const { data } = await gh.request('GET /repos/{owner}/{repo}', { owner: ref.owner, repo: ref.name });
                if (typeof data.id !== 'number')
                    throw new Error(`GitHub returned no id for repository ${ref.owner}/${ref.name}`);
                return data.id;
            }
            catch (error) {
                throw toGitHubApiError(error, {
                    object: `repository ${ref.owner}/${ref.name} (from selected-repositories)`,
                    fineGrained: 'Metadata: read',
                    classic: 'repo',
                });
            }
        })();
        cache.set(key, pending);
    }
    return pending;
}
async function putSecret(gh, p, name, value) {
    const encrypted_value = await sealSecret(value, p.publicKey);
    const body = { encrypted_value, key_id: p.keyId };
    const { target } = p;
    let status;
    try {
        if (target.kind === 'repository') {
            ({ status } = await gh.request('PUT /repos/{owner}/{repo}/{store}/secrets/{secret_name}', {
                owner: target.owner,
                repo: target.repo,
                store: target.store,
                secret_name: name,
                ...body,
            }));
        }
        else if (target.kind === 'environment') {
            ({ status } = await gh.request('PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', {
                owner: target.owner,
                repo: target.repo,
                environment_name: target.environment,
                secret_name: name,
                ...body,
            }));
        }
        else {
            ({ status } = await gh.request('PUT /orgs/{org}/{store}/secrets/{secret_name}', {
                org: target.org,
                store: target.store,
                secret_name: name,
                ...body,
                visibility: target.visibility,
                ...(target.visibility === 'selected' ? { selected_repository_ids: [...p.selectedRepositoryIds] } : {}),
            }));
        }
    }
    catch (error) {
        throw toGitHubApiError(error, needsFor(target));
    }
    return status === 201 ? 'created' : 'updated';
}
function asError(error) {
    return error instanceof Error ? error : new Error(String(error));
}
/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the result. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

;// CONCATENATED MODULE: ./build/github/index.js
// The GitHub side: validate targets, preflight them, seal and store one value in each.






;// CONCATENATED MODULE: ./build/zenml/api-key.js

const API_KEY_PREFIX = 'ZENKEY_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** True when the text has the shape of a UUID (ZenML then always treats it as an id, never a name). */
function isUuid(text) {
    return UUID.test(text);
}
/**
 * Decodes a ZenML API key locally (`ZENKEY_` + base64 of `{"id": …, "key": …}`) to learn its key id,
 * and rejects a malformed key before any request. The error never quotes the key.
 */
function decodeApiKey(key, input = 'api-key') {
    if (!key.startsWith(API_KEY_PREFIX)) {
        throw new errors_InputError(input, `not a ZenML API key: it must start with ${API_KEY_PREFIX}`);
    }
    const body = key.slice(API_KEY_PREFIX.length);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) {
        throw new errors_InputError(input, `not a ZenML API key: the part after ${API_KEY_PREFIX} is not base64 (was it cut or re-wrapped?)`);
    }
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
    }
    catch {
        throw new errors_InputError(input, 'not a ZenML API key: its content is not the JSON ZenML writes');
    }
    const { id, key: secret } = (parsed ?? {});
    if (typeof id !== 'string' || !isUuid(id) || typeof secret !== 'string' || secret === '') {
        throw new errors_InputError(input, 'not a ZenML API key: it lacks the key id or the secret');
    }
    return { keyId: id.toLowerCase() };
}
/** Every form of the key that could be printed or sent: the key, its base64 body and the decoded secret. */
function apiKeyForms(key) {
    const forms = [key];
    if (key.startsWith(API_KEY_PREFIX)) {
        const body = key.slice(API_KEY_PREFIX.length);
        forms.push(body);
        try {
            const { key: secret } = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
            if (typeof secret === 'string' && secret.length >= 16)
                forms.push(secret);
        }
        catch {
            // not decodable: the key itself is all there is to hide
        }
    }
    return forms;
}

;// CONCATENATED MODULE: ./build/commands/common.js


/** Reads `/api/v1/info` (and logs in meanwhile); refuses servers whose auth scheme cannot work with service-account keys. */
async function checkServer(deps) {
    // Every command logs in next: start it now, one round trip earlier. The info check's error wins,
    // because it says more ("not a ZenML server") than a failed login would.
    const login = deps.zenml.token();
    login.catch(() => undefined);
    const info = await deps.zenml.info();
    await login;
    if (!info.active) {
        throw new Error(`the ZenML server at ${deps.zenml.url} is not activated yet: activate it (create its admin user) first`);
    }
    if (info.authScheme === 'HTTP_BASIC') {
        throw new Error(`the ZenML server at ${deps.zenml.url} uses HTTP_BASIC authentication, which does not accept service-account API keys`);
    }
    if (info.authScheme === 'EXTERNAL') {
        deps.logger.warning('this is a ZenML Pro workspace (auth scheme EXTERNAL): workspace-level service accounts are turned off there; manage organization service accounts in ZenML Pro instead');
    }
    return info;
}
/** The service account an API key belongs to, by logging in with it. */
async function accountOfApiKey(deps, settings) {
    const apiKey = settings.apiKey;
    if (!apiKey)
        throw new Error('internal: no api-key to look the account up with');
    // When the key authenticates the management calls, its session is the one to ask: one login per run.
    const user = settings.userCredentials ? await deps.zenml.verifyApiKey(apiKey) : await deps.zenml.currentUser();
    if (!user.isServiceAccount)
        throw new Error(`api-key: the key belongs to '${user.name}', which is not a service account`);
    return user;
}
/** Applies the rules: `api-key-name` when given; else the key `api-key` is; else `github-actions` (create, rotate). */
async function resolveTarget(deps, settings, defaultKey) {
    const { serviceAccount, apiKeyName, apiKey } = settings;
    if (serviceAccount)
        return { account: serviceAccount, key: apiKeyName ?? defaultKey, selfService: false };
    if (!apiKey)
        throw new Error('internal: neither service-account nor api-key');
    const user = await accountOfApiKey(deps, settings);
    const knownAccount = { id: user.id, name: user.name };
    if (apiKeyName)
        return { account: user.id, knownAccount, key: apiKeyName, selfService: false };
    if (defaultKey !== undefined && settings.command === 'create') {
        // Creating "the key you hold" cannot work: create names a new key in the holder's account.
        return { account: user.id, knownAccount, key: defaultKey, selfService: false };
    }
    return { account: user.id, knownAccount, key: decodeApiKey(apiKey).keyId, selfService: true };
}
/** The account, read from the server unless self-service already knows it. */
async function loadAccount(zenml, target) {
    return zenml.getServiceAccount(target.knownAccount?.id ?? target.account);
}
/** The GitHub preflight: every target's public key, fetched before anything irreversible. */
async function preflight(deps, settings) {
    if (!settings.secretName || !deps.secrets)
        return undefined;
    // Loading the GitHub client and libsodium holds the main thread for some tens of ms: let the first ZenML
    // requests, started in the same tick, reach the wire before that.
    await new Promise((resolve) => setImmediate(resolve));
    return deps.secrets.prepare(settings.targets);
}
/** Stores a new key in every prepared target; the outcome per target, or a SecretTargetsError. */
async function storeKey(deps, settings, prepared, key) {
    if (!settings.secretName || !deps.secrets || !prepared)
        return [];
    return deps.secrets.store(prepared, settings.secretName, key);
}
/** What the targets hold after a failed store: written ones, and the labels of the others. */
function storeOutcome(error, prepared) {
    if (error instanceof SecretTargetsError) {
        return { written: [...error.written], notWritten: error.failed.map((f) => f.target) };
    }
    return { written: [], notWritten: (prepared ?? []).map((p) => p.label) };
}
/** Checks that a new key logs in, as the expected account, with the expected key record. */
async function verifyNewKey(deps, key, account, keyId, adopt = false) {
    if (decodeApiKey(key, 'the new key').keyId !== keyId) {
        throw new Error(`the new key names another key record than '${keyId}'`);
    }
    const login = await deps.zenml.loginWithApiKey(key, { adopt });
    if (login.accountId !== account.id) {
        throw new Error(`the new key logs in as account ${login.accountId}, not as service account '${account.name}' (${account.id})`);
    }
    if (login.apiKeyId !== undefined && login.apiKeyId !== keyId) {
        throw new Error(`the server logged the new key in as key record ${login.apiKeyId}, not '${keyId}'`);
    }
}

;// CONCATENATED MODULE: ./build/commands/audit/inventory.js


/**
 * Requests in flight at once while reading a server. With a 50 ms round trip, 8 read 500 accounts in about
 * 3 s; more would mostly load the server (ZenML answers from a small thread pool) for little gain.
 */
const AUDIT_CONCURRENCY = 8;
/** Pages of 100 (ZenML allows up to 10,000): small answers, and the fake pages the same way. */
const AUDIT_PAGE_SIZE = 100;
/** A server claiming more pages than this is lying or far beyond what one job should read (100,000 records). */
const MAX_PAGES = 1_000;
/**
 * Reads every service account and every key: the first page of accounts, then the other pages and each
 * account's keys through one pool, so that the pool stays full from the first answer on. GETs are retried
 * by the transport; the first failure that remains stops the queue and fails the read, because an audit
 * that silently skipped accounts would report a clean server. An account deleted while it is read (404 on
 * its keys) is left out.
 */
async function readInventory(zenml, logger, options = {}) {
    const pool = new Pool(options.concurrency ?? AUDIT_CONCURRENCY);
    const size = options.pageSize ?? AUDIT_PAGE_SIZE;
    let requests = 0;
    let failure;
    const pending = [];
    // Slots by page, then by position: the report keeps the server's order whatever order answers come in.
    const pages = [];
    const seen = new Set();
    const schedule = (task) => {
        const run = pool.run(async () => {
            if (failure)
                return;
            try {
                requests++;
                await task();
            }
            catch (error) {
                failure ??= { error };
            }
        });
        pending.push(run);
    };
    const readKeys = (slot) => {
        const keys = [];
        slot.keys = keys;
        const take = (page) => async () => {
            try {
                const answer = await zenml.apiKeysPage(slot.account, page, size);
                keys.push(...answer.items);
                if (page === 1) {
                    checkPages(answer.totalPages, `API keys of service account '${slot.account.name}'`);
                    for (let next = 2; next <= answer.totalPages; next++)
                        schedule(take(next));
                }
            }
            catch (error) {
                if (!(error instanceof errors_ZenmlError && error.status === 404))
                    throw error;
                logger.warning(`service account '${slot.account.name}' disappeared while it was read: left out of the audit`);
                slot.keys = undefined;
            }
        };
        schedule(take(1));
    };
    const readAccounts = (page) => async () => {
        const answer = await zenml.serviceAccountsPage(page, size);
        const slots = [];
        pages[page - 1] = slots;
        if (page === 1) {
            checkPages(answer.totalPages, 'service accounts');
            for (let next = 2; next <= answer.totalPages; next++)
                schedule(readAccounts(next));
        }
        for (const account of answer.items) {
            // Pages shift when accounts are made or deleted meanwhile: an account seen twice is read once.
            if (seen.has(account.id))
                continue;
            seen.add(account.id);
            const slot = { account, keys: undefined };
            slots.push(slot);
            readKeys(slot);
        }
    };
    schedule(readAccounts(1));
    // New tasks are queued while earlier ones run: wait until no more appear.
    let done = 0;
    while (done < pending.length) {
        const batch = pending.slice(done);
        done = pending.length;
        await Promise.all(batch);
    }
    if (failure)
        throw failure.error;
    const accounts = pages.flat().flatMap((slot) => (slot.keys ? [{ account: slot.account, keys: sortByCreated(slot.keys) }] : []));
    return { accounts, requests };
}
function checkPages(totalPages, what) {
    if (totalPages > MAX_PAGES) {
        throw new Error(`the server lists ${totalPages} pages of ${what}, more than the ${MAX_PAGES} an audit reads (${MAX_PAGES * AUDIT_PAGE_SIZE} records)`);
    }
}
function sortByCreated(keys) {
    return keys.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
}

;// CONCATENATED MODULE: ./build/commands/audit/rules.js

/** The audit's findings, in the order reports list them; each can be switched off by name. */
const AUDIT_RULES = ['stale', 'unused', 'inactive-leftover', 'no-keys', 'retention-open'];
/** The limits when none are given: ZenML's docs ask for regular rotation; 90 days is the common ceiling. */
const DEFAULT_MAX_KEY_AGE_DAYS = 90;
const DEFAULT_UNUSED_DAYS = 30;
const MAX_DAYS = 36_500;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Whole days from `then` to `now` (never negative: a server clock ahead of ours reads as 0). */
function daysSince(then, now) {
    return Math.max(0, Math.floor((now.getTime() - Date.parse(then)) / DAY_MS));
}
const olderThan = (then, days, now) => now.getTime() - Date.parse(then) > days * DAY_MS;
/** A key record with the ages the rules and the reports use. */
function auditKey(key, now) {
    let previousValidUntil = null;
    if (key.active && key.lastRotated && (key.retainPeriodMinutes ?? 0) > 0) {
        const until = Date.parse(key.lastRotated) + (key.retainPeriodMinutes ?? 0) * MINUTE_MS;
        if (until > now.getTime())
            previousValidUntil = new Date(until).toISOString();
    }
    return {
        id: key.id,
        name: key.name,
        active: key.active,
        created: key.created,
        updated: key.updated,
        lastRotated: key.lastRotated,
        lastLogin: key.lastLogin,
        retainPeriodMinutes: key.retainPeriodMinutes,
        previousValidUntil,
        ageDays: daysSince(key.lastRotated ?? key.created, now),
        idleDays: key.lastLogin ? daysSince(key.lastLogin, now) : null,
    };
}
/** An account record with its audited keys. */
function auditAccount(account, keys, now) {
    return { id: account.id, name: account.name, active: account.active, created: account.created, updated: account.updated, keys: keys.map((k) => auditKey(k, now)) };
}
/**
 * The findings of the enabled rules, account by account. Keys of an inactive account cannot log in, so
 * only the account is reported (`inactive-leftover`); an inactive key is reported only as a leftover.
 */
function evaluate(accounts, options, now) {
    const enabled = new Set(options.rules);
    const { maxKeyAgeDays: maxAge, unusedDays: unused } = options;
    const found = [];
    for (const account of accounts) {
        const add = (rule, detail, key) => {
            if (enabled.has(rule))
                found.push({ rule, serviceAccount: account.name, apiKey: key?.name ?? null, detail, serviceAccountId: account.id, apiKeyId: key?.id ?? null });
        };
        if (!account.active) {
            if (olderThan(account.updated, unused, now)) {
                add('inactive-leftover', `the service account is deactivated and unchanged for ${daysSince(account.updated, now)} days (since ${account.updated}), more than ${unused}: delete it, or activate it if it is still needed`);
            }
            continue;
        }
        if (account.keys.length === 0)
            add('no-keys', `the service account has no API keys (created ${account.created}): delete it if nothing uses it`);
        for (const key of account.keys) {
            if (!key.active) {
                if (olderThan(key.updated, unused, now)) {
                    add('inactive-leftover', `the key is deactivated and unchanged for ${daysSince(key.updated, now)} days (since ${key.updated}), more than ${unused}: delete it, or activate it if it is still needed`, key);
                }
                continue;
            }
            const since = key.lastRotated ?? key.created;
            if (olderThan(since, maxAge, now)) {
                const what = key.lastRotated ? `last rotated ${key.ageDays} days ago (${key.lastRotated})` : `never rotated since it was created ${key.ageDays} days ago (${key.created})`;
                add('stale', `${what}, more than max-key-age-days (${maxAge}): rotate it`, key);
            }
            if (key.lastLogin ? olderThan(key.lastLogin, unused, now) : olderThan(key.created, unused, now)) {
                const what = key.lastLogin ? `no login for ${key.idleDays} days (last ${key.lastLogin})` : `never used since it was created ${key.ageDays} days ago (${key.created})`;
                add('unused', `${what}, more than unused-days (${unused}): deactivate it if nothing needs it`, key);
            }
            if (key.previousValidUntil) {
                add('retention-open', `the previous value still works until ${key.previousValidUntil} (retained ${key.retainPeriodMinutes} minutes after the rotation at ${key.lastRotated})`, key);
            }
        }
    }
    return found;
}
/**
 * Parses a list of rule names (comma, space or newline separated; `none` or empty for none). `input`
 * names the input or flag for the message; an unknown name is an InputError that lists the known ones.
 */
function parseRules(raw, input) {
    const words = raw
        .split(/[\s,]+/)
        .map((w) => w.trim().toLowerCase())
        .filter(Boolean);
    if (words.length === 1 && words[0] === 'none')
        return [];
    const rules = [];
    for (const word of words) {
        if (!AUDIT_RULES.includes(word)) {
            throw new InputError(input, `'${word}' is not an audit rule; expected none, or rules out of ${AUDIT_RULES.join(', ')}`);
        }
        if (!rules.includes(word))
            rules.push(word);
    }
    return rules;
}
/** The rules left after switching some off, and the cross-checks of fail-on and deactivate-unused. */
function auditOptions(given) {
    const rules = AUDIT_RULES.filter((r) => !given.ignore.includes(r));
    const off = given.failOn.find((r) => given.ignore.includes(r));
    if (off)
        throw new InputError(given.names.failOn, `'${off}' is also in ${given.names.ignore}: a rule that is switched off can never fail the step`);
    if (given.deactivateUnused && given.ignore.includes('unused')) {
        throw new InputError(given.names.deactivateUnused, `deactivates the keys found 'unused', but ${given.names.ignore} switches that rule off`);
    }
    return {
        maxKeyAgeDays: given.maxKeyAgeDays || DEFAULT_MAX_KEY_AGE_DAYS,
        unusedDays: given.unusedDays,
        rules,
        failOn: given.failOn,
        deactivateUnused: given.deactivateUnused,
        apply: given.apply,
    };
}

;// CONCATENATED MODULE: ./build/commands/audit/index.js








/**
 * Reads every service account and key of the server, applies the rules, and (when asked and not a dry run)
 * deactivates the keys found `unused`. Read-only otherwise. Deactivation never deletes: it is undone with
 * `activate`.
 */
async function audit(options, deps) {
    const info = await checkServer(deps);
    const inventory = await readInventory(deps.zenml, deps.logger);
    const now = deps.now();
    const accounts = inventory.accounts.map(({ account, keys }) => auditAccount(account, keys, now));
    const findings = evaluate(accounts, options, now);
    const deactivations = options.deactivateUnused ? await deactivateUnused(deps, findings, options.apply) : [];
    const byRule = Object.fromEntries(AUDIT_RULES.map((rule) => [rule, findings.filter((f) => f.rule === rule).length]));
    return {
        serverVersion: info.version,
        at: now.toISOString(),
        options,
        accounts,
        findings,
        counts: {
            serviceAccounts: accounts.length,
            apiKeys: accounts.reduce((n, a) => n + a.keys.length, 0),
            findings: findings.length,
            byRule,
            deactivated: deactivations.filter((d) => d.outcome === 'deactivated').length,
        },
        deactivations,
        failing: findings.filter((f) => options.failOn.includes(f.rule)),
        readRequests: inventory.requests,
    };
}
/**
 * Deactivates each key found `unused` (a PUT, safe to repeat), at most AUDIT_CONCURRENCY at once. One
 * refusal does not stop the others: each outcome is reported, and the faces fail the run if any failed.
 */
async function deactivateUnused(deps, findings, apply) {
    const unused = findings.filter((f) => f.rule === 'unused' && f.apiKey !== null && f.apiKeyId !== null);
    const planned = unused.map((f) => ({ serviceAccount: f.serviceAccount, apiKey: f.apiKey, apiKeyId: f.apiKeyId, serviceAccountId: f.serviceAccountId }));
    if (!apply)
        return planned.map(({ serviceAccountId: _, ...d }) => ({ ...d, outcome: 'planned' }));
    const pool = new Pool(AUDIT_CONCURRENCY);
    return Promise.all(planned.map(({ serviceAccountId, ...d }) => pool.run(async () => {
        try {
            await deps.zenml.updateApiKey(serviceAccountId, d.apiKeyId, { active: false });
            deps.logger.info(`deactivated API key '${d.apiKey}' of service account '${d.serviceAccount}' (unused)`);
            return { ...d, outcome: 'deactivated' };
        }
        catch (error) {
            return { ...d, outcome: 'failed', error: explainFailure(error) || errorMessage(error) };
        }
    })));
}

;// CONCATENATED MODULE: ./build/commands/connect.js



const connect_DAY_MS = 86_400_000;
/** `connect`: log in with the key (so a bad key fails here), learn its account and key, check its age. */
async function connect(settings, deps) {
    const apiKey = settings.apiKey;
    if (!apiKey)
        throw new Error('internal: connect needs api-key');
    const { keyId } = decodeApiKey(apiKey);
    const [info, user] = await Promise.all([checkServer(deps), deps.zenml.currentUser()]);
    if (!user.isServiceAccount)
        throw new Error(`api-key: the key belongs to '${user.name}', which is not a service account`);
    const warnings = [];
    let keyName = keyId;
    try {
        const record = await deps.zenml.getApiKey(user.id, keyId);
        keyName = record.name;
        const changed = record.lastRotated ?? record.created;
        const ageDays = Math.floor((deps.now().getTime() - Date.parse(changed)) / connect_DAY_MS);
        if (settings.maxKeyAgeDays > 0 && ageDays > settings.maxKeyAgeDays) {
            const when = record.lastRotated ? 'last rotated' : 'created and never rotated';
            warnings.push(`API key '${record.name}' of service account '${user.name}' was ${when} ${ageDays} days ago (${changed}), more than max-key-age-days (${settings.maxKeyAgeDays}): rotate it`);
        }
    }
    catch (error) {
        // Servers that let only admins read keys still let the key log in: connecting works, the age is unknown.
        if (!(error instanceof errors_ZenmlError) || (error.status !== 403 && error.status !== 404))
            throw error;
        if (settings.maxKeyAgeDays > 0)
            warnings.push(`the key's age could not be read (${error.detail}), so max-key-age-days was not checked`);
    }
    return {
        command: 'connect',
        serverVersion: info.version,
        account: { id: user.id, name: user.name },
        key: { id: keyId, name: keyName },
        done: `connected as service account '${user.name}' with API key '${keyName}'`,
        keyToExport: apiKey,
        newKey: false,
        secretsUpdated: [],
        warnings,
    };
}

;// CONCATENATED MODULE: ./build/zenml/lost-answer.js
/**
 * A create or rotate request whose answer never arrived. The request is never re-sent (that would lose
 * or kill keys); instead the key record was read back, and this says what the server did and what to do.
 */
class LostAnswerError extends Error {
    name = 'LostAnswerError';
    /** true: the server acted and the key value is lost; false: it did not act; undefined: unknown. */
    applied;
    cause;
    /** After an applied rotation: when it happened and until when the previous key still logs in. */
    rotatedAt;
    previousValidUntil;
    constructor(message, applied, cause, rotatedAt, previousValidUntil) {
        super(message);
        this.applied = applied;
        this.cause = cause;
        this.rotatedAt = rotatedAt;
        this.previousValidUntil = previousValidUntil;
    }
    /** After a lost create answer: did the key come into being? */
    static forCreate(args) {
        const what = `create API key '${args.keyName}' of service account '${args.account}'`;
        const lost = `no answer (${args.cause.detail})`;
        if (!args.known) {
            return new LostAnswerError(`${what}: ${lost}, and looking the key up failed too: check whether '${args.keyName}' exists before creating it again; if it does, its value is lost: delete it and create it again`, undefined, args.cause);
        }
        if (args.key) {
            return new LostAnswerError(`${what}: the server created the key, but its answer, the only copy of the key's value, was lost (${args.cause.detail}): delete API key '${args.keyName}' and create it again`, true, args.cause);
        }
        return new LostAnswerError(`${what}: ${lost}; the key does not exist, so nothing was created and running again is safe`, false, args.cause);
    }
    /** After a lost rotate answer: did `last_rotated` move? */
    static forRotate(args) {
        const what = `rotate API key '${args.keyName}' of service account '${args.account}'`;
        const lost = `no answer (${args.cause.detail})`;
        if (!args.known || !args.key) {
            return new LostAnswerError(`${what}: ${lost}, and reading the key afterwards failed: before rotating again, check its last_rotated (was ${args.before.lastRotated ?? 'never'}); if it changed, the new key is lost: create a new key instead of rotating again`, undefined, args.cause);
        }
        const rotatedAt = args.key.lastRotated;
        if (rotatedAt === null || rotatedAt === args.before.lastRotated) {
            return new LostAnswerError(`${what}: ${lost}; the key's last_rotated is unchanged, so the server did not rotate it and running again is safe`, false, args.cause);
        }
        const retain = args.key.retainPeriodMinutes ?? args.retainMinutes;
        const until = retain > 0 ? addMinutes(rotatedAt, retain) : undefined;
        const previous = until
            ? `the previous key keeps working until ${until}`
            : 'the previous key stopped working at once (no retention)';
        return new LostAnswerError(`${what}: the server rotated the key at ${rotatedAt}, but its answer, the only copy of the new key, was lost (${args.cause.detail}); ${previous}. Do not rotate again (that ends the previous key at once): create a new API key under another name, store it, then delete '${args.keyName}'`, true, args.cause, rotatedAt, until);
    }
}
/** An ISO 8601 UTC timestamp plus some minutes, as ISO 8601 UTC with `Z`. */
function addMinutes(isoUtc, minutes) {
    return new Date(Date.parse(isoUtc) + minutes * 60_000).toISOString();
}

;// CONCATENATED MODULE: ./build/commands/types.js
const COMMANDS = ['connect', 'create', 'rotate', 'ephemeral', 'activate', 'deactivate', 'delete', 'describe', 'audit'];
/** A command failed; `state` says what the server and the secret targets hold now. */
class CommandError extends Error {
    name = 'CommandError';
    state;
    constructor(message, state, options) {
        super(message, options);
        this.state = state;
    }
}

;// CONCATENATED MODULE: ./build/commands/create.js




/** `create`: the account if it is missing, then a new named key; mask, verify, store. */
async function create(settings, deps) {
    const { zenml } = deps;
    // Only the POSTs must wait for the GitHub preflight; the lookups run alongside it.
    const [{ info, target, keyName, found }, prepared] = await Promise.all([lookUp(settings, deps), preflight(deps, settings)]);
    const labels = (prepared ?? []).map((p) => p.label);
    let account = found;
    const createdAccount = !account;
    account ??= await zenml.createServiceAccount({ name: target.account, ...(settings.description ? { description: settings.description } : {}) });
    let created;
    const accountRef = { id: account.id, name: account.name };
    try {
        created = await zenml.createApiKey(account.id, { name: keyName, ...(settings.description ? { description: settings.description } : {}) });
    }
    catch (error) {
        if (!(error instanceof LostAnswerError))
            throw error;
        throw new CommandError(error.message, { subject: { account: accountRef }, written: [], notWritten: labels }, { cause: error });
    }
    const key = created.key;
    deps.onSecret(key);
    const subject = { account: accountRef, key: { id: created.id, name: created.name } };
    const what = `API key '${created.name}' of service account '${account.name}'`;
    const fail = (message, cause, written = [], notWritten = labels) => new CommandError(message, { newKey: key, subject, written, notWritten }, { cause });
    if (settings.verify) {
        try {
            await verifyNewKey(deps, key, accountRef, created.id);
        }
        catch (error) {
            throw fail(`${what} was created, but it failed its check: ${errorMessage(error)}; it was not stored`, error);
        }
    }
    let secretsUpdated;
    try {
        secretsUpdated = await storeKey(deps, settings, prepared, key);
    }
    catch (error) {
        const { written, notWritten } = storeOutcome(error, prepared);
        throw fail(`${what} was created, but storing it failed: ${errorMessage(error)}. Fix that, then run 'rotate' to store a fresh value`, error, written, notWritten);
    }
    return {
        command: 'create',
        serverVersion: info.version,
        ...subject,
        done: createdAccount ? `created service account '${account.name}' and its API key '${created.name}'` : `created ${what}`,
        keyToExport: key,
        newKey: true,
        secretsUpdated,
        warnings: [],
    };
}
/** The server check, the target, and the account if it exists already (with no key of that name). */
async function lookUp(settings, deps) {
    const [info, target] = await Promise.all([checkServer(deps), resolveTarget(deps, settings, 'github-actions')]);
    const keyName = target.key ?? 'github-actions';
    const found = await deps.zenml.findServiceAccount(target.knownAccount?.id ?? target.account);
    if (found && (await deps.zenml.findApiKey(found.id, keyName))) {
        throw new Error(`API key '${keyName}' of service account '${found.name}' already exists: use command 'rotate' to give it a new value, or another api-key-name`);
    }
    return { info, target, keyName, found };
}

;// CONCATENATED MODULE: ./build/commands/ephemeral.js





/** The name of a job's ephemeral key: unique per run attempt, recognisable in the key list. */
function ephemeralKeyName(settings, randomHex) {
    return `${settings.apiKeyName ?? 'gha'}-${settings.run.id}-${settings.run.attempt}-${randomHex(6)}`;
}
/** `ephemeral`: a key for this job only, exported but never stored; the post step deletes it. */
async function ephemeral(settings, deps) {
    const { zenml } = deps;
    const [info, target] = await Promise.all([checkServer(deps), resolveTarget(deps, settings, undefined)]);
    const account = await zenml.getServiceAccount(target.knownAccount?.id ?? target.account);
    if (!account.active)
        throw new Error(`service account '${account.name}' is inactive: a key made for it could not log in`);
    const name = ephemeralKeyName(settings, deps.randomHex);
    const accountRef = { id: account.id, name: account.name };
    let created;
    try {
        created = await zenml.createApiKey(account.id, { name, description: `Ephemeral key of GitHub Actions run ${settings.run.id} (attempt ${settings.run.attempt}); deleted when the job ends.` });
    }
    catch (error) {
        if (!(error instanceof LostAnswerError))
            throw error;
        throw new CommandError(error.message, { subject: { account: accountRef }, written: [], notWritten: [] }, { cause: error });
    }
    deps.onSecret(created.key);
    const subject = { account: accountRef, key: { id: created.id, name: created.name } };
    if (settings.verify) {
        try {
            await verifyNewKey(deps, created.key, accountRef, created.id);
        }
        catch (error) {
            throw new CommandError(`ephemeral API key '${name}' was created but failed its check: ${errorMessage(error)}`, { newKey: created.key, subject, written: [], notWritten: [] }, { cause: error });
        }
    }
    return {
        command: 'ephemeral',
        serverVersion: info.version,
        ...subject,
        done: `created ephemeral API key '${name}' of service account '${account.name}'; it is deleted when the job ends`,
        keyToExport: created.key,
        newKey: true,
        secretsUpdated: [],
        warnings: [],
    };
}
/** The post step's work: delete the ephemeral key. A key already gone (404) counts as deleted. */
async function deleteEphemeralKey(zenml, accountId, keyId) {
    try {
        await zenml.deleteApiKey(accountId, keyId);
        return 'deleted';
    }
    catch (error) {
        if (error instanceof ZenmlError && error.status === 404)
            return 'already gone';
        throw error;
    }
}

;// CONCATENATED MODULE: ./build/commands/manage.js


/** `activate` / `deactivate`: the key when one is named (or held), else the service account. */
async function setActive(settings, deps, active) {
    const { zenml } = deps;
    const [info, target] = await Promise.all([checkServer(deps), resolveTargetExplained(settings, deps)]);
    const verb = active ? 'activated' : 'deactivated';
    const command = active ? 'activate' : 'deactivate';
    if (target.key === undefined) {
        const account = await zenml.updateServiceAccount(target.knownAccount?.id ?? target.account, { active });
        return base(command, info.version, { account: { id: account.id, name: account.name } }, `${verb} service account '${account.name}'${active ? '' : ': none of its keys log in until it is activated again'}`);
    }
    const key = await zenml.updateApiKey(target.knownAccount?.id ?? target.account, target.key, { active });
    const subject = { account: { id: key.serviceAccount.id, name: key.serviceAccount.name }, key: { id: key.id, name: key.name } };
    return base(command, info.version, subject, `${verb} API key '${key.name}' of service account '${key.serviceAccount.name}'`);
}
/** `delete`: the key when one is named (or held), else the service account with all its keys. */
async function remove(settings, deps) {
    const { zenml } = deps;
    const [info, target] = await Promise.all([checkServer(deps), resolveTargetExplained(settings, deps)]);
    if (target.key === undefined) {
        const account = await zenml.getServiceAccount(target.knownAccount?.id ?? target.account);
        try {
            await zenml.deleteServiceAccount(account.id);
        }
        catch (error) {
            if (error instanceof errors_ZenmlError && error.status === 403 && /owns|other resources/i.test(error.detail)) {
                throw new Error(`${error.message}; deactivate it instead (command: deactivate)`, { cause: error });
            }
            throw error;
        }
        return base('delete', info.version, { account: { id: account.id, name: account.name } }, `deleted service account '${account.name}' and its API keys`);
    }
    const key = await zenml.getApiKey(target.knownAccount?.id ?? target.account, target.key);
    await zenml.deleteApiKey(key.serviceAccount.id, key.id);
    const subject = { account: { id: key.serviceAccount.id, name: key.serviceAccount.name }, key: { id: key.id, name: key.name } };
    return base('delete', info.version, subject, `deleted API key '${key.name}' of service account '${key.serviceAccount.name}'`);
}
/** `describe`: the account and all its keys (never a key value). */
async function describe(settings, deps) {
    const { zenml } = deps;
    const [info, target] = await Promise.all([checkServer(deps), resolveTargetExplained(settings, deps)]);
    const account = await zenml.getServiceAccount(target.knownAccount?.id ?? target.account);
    const keys = await zenml.listApiKeys(account.id);
    const key = target.key === undefined ? undefined : keys.find((k) => k.id === target.key || k.name === target.key);
    if (target.key !== undefined && !key)
        throw new Error(`service account '${account.name}' has no API key '${target.key}'`);
    const subject = { account: { id: account.id, name: account.name }, ...(key ? { key: { id: key.id, name: key.name } } : {}) };
    const state = account.active ? 'active' : 'inactive';
    return { ...base('describe', info.version, subject, `described service account '${account.name}' (${state}, ${keys.length} API key${keys.length === 1 ? '' : 's'})`), keys, accountActive: account.active };
}
function base(command, serverVersion, subject, done) {
    return { command, serverVersion, ...subject, done, newKey: false, secretsUpdated: [], warnings: [] };
}
/** Like resolveTarget, but says what to do when the held key cannot log in because it is inactive. */
async function resolveTargetExplained(settings, deps) {
    try {
        return await resolveTarget(deps, settings, undefined);
    }
    catch (error) {
        if (error instanceof errors_ZenmlError && error.status === 401 && /not active/.test(error.detail)) {
            throw new Error(`${error.message}; an inactive key cannot log in to name itself: give service-account (and api-key-name) with other credentials`, { cause: error });
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./build/commands/rotate.js





/**
 * `rotate`: every check first (server, credentials, key, GitHub preflight), then the one rotation, then
 * mask, verify, store, and a last read of `last_rotated` that catches a concurrent rotation.
 */
async function rotate(settings, deps) {
    const { zenml } = deps;
    const [[info, before], prepared] = await Promise.all([
        Promise.all([
            checkServer(deps),
            resolveTarget(deps, settings, 'github-actions').then((target) => zenml.getApiKey(target.knownAccount?.id ?? target.account, target.key ?? '')),
        ]),
        preflight(deps, settings),
    ]);
    const account = before.serviceAccount;
    const subject = { account: { id: account.id, name: account.name }, key: { id: before.id, name: before.name } };
    const what = `API key '${before.name}' of service account '${account.name}'`;
    if (!account.active)
        throw new Error(`${what}: the service account is inactive; activate it before rotating its keys`);
    if (!before.active)
        throw new Error(`${what}: the key is inactive, so a rotated key could not log in; activate it first`);
    const labels = (prepared ?? []).map((p) => p.label);
    const selfService = settings.apiKey !== undefined && !settings.userCredentials && isKeyOf(settings.apiKey, before);
    let key;
    let reportedRotatedAt;
    try {
        const rotated = await zenml.rotateApiKey(account.id, before.id, { retainMinutes: settings.retainMinutes, before });
        key = rotated.key;
        reportedRotatedAt = rotated.lastRotated;
    }
    catch (error) {
        if (!(error instanceof LostAnswerError))
            throw error;
        throw new CommandError(error.message, {
            subject,
            ...(error.rotatedAt ? { rotatedAt: error.rotatedAt } : {}),
            ...(error.previousValidUntil ? { previousKeyValidUntil: error.previousValidUntil } : {}),
            written: [],
            notWritten: labels,
        }, { cause: error });
    }
    deps.onSecret(key);
    let rotatedAt;
    let previousKeyValidUntil;
    const fail = (message, cause, written = [], notWritten = labels) => new CommandError(message, {
        newKey: key,
        subject,
        ...(rotatedAt ? { rotatedAt } : {}),
        ...(previousKeyValidUntil ? { previousKeyValidUntil } : {}),
        written,
        notWritten,
    }, { cause });
    try {
        // 0.58's rotate answer has no metadata; the record tells when our rotation happened.
        const readRecord = () => reportedRotatedAt ? Promise.resolve({ lastRotated: reportedRotatedAt, retainPeriodMinutes: settings.retainMinutes }) : zenml.getApiKey(account.id, before.id);
        let ours;
        if (selfService) {
            // The key we held may be dead now (newest servers revoke its tokens): go on with the new one,
            // whose verification login is then the only login it costs.
            if (settings.verify)
                await verifyNewKey(deps, key, subject.account, before.id, true);
            else
                zenml.useCredentials({ kind: 'api-key', apiKey: key });
            ours = await readRecord();
        }
        else {
            [ours] = await Promise.all([readRecord(), settings.verify ? verifyNewKey(deps, key, subject.account, before.id) : Promise.resolve()]);
        }
        rotatedAt = ours.lastRotated ?? deps.now().toISOString();
        const retain = ours.retainPeriodMinutes ?? settings.retainMinutes;
        previousKeyValidUntil = retain > 0 ? addMinutes(rotatedAt, retain) : undefined;
    }
    catch (error) {
        throw fail(`${what} was rotated, but the new key failed its check: ${errorMessage(error)}; it was not stored`, error);
    }
    let secretsUpdated;
    try {
        secretsUpdated = await storeKey(deps, settings, prepared, key);
    }
    catch (error) {
        const { written, notWritten } = storeOutcome(error, prepared);
        throw fail(`${what} was rotated at ${rotatedAt} (${previousState(previousKeyValidUntil)}), but storing the new key failed: ${errorMessage(error)}. Fix that and run the rotation again`, error, written, notWritten);
    }
    await checkNoRace(deps, settings, { what, accountId: account.id, keyId: before.id, rotatedAt, prepared, secretsUpdated, fail });
    const retained = previousKeyValidUntil ? `; the previous key stays valid until ${previousKeyValidUntil}` : '; the previous key no longer works';
    return {
        command: 'rotate',
        serverVersion: info.version,
        ...subject,
        done: `rotated ${what}${retained}`,
        keyToExport: key,
        newKey: true,
        rotatedAt,
        ...(previousKeyValidUntil ? { previousKeyValidUntil } : {}),
        secretsUpdated,
        warnings: [],
    };
}
/** After storing, `last_rotated` must still be ours; otherwise another run rotated in between. */
async function checkNoRace(deps, settings, c) {
    if (!settings.secretName)
        return;
    let after;
    try {
        after = await deps.zenml.getApiKey(c.accountId, c.keyId);
    }
    catch (error) {
        // The key is rotated and stored; only the check for a concurrent rotation could not be made.
        const targets = c.secretsUpdated.map((s) => s.target).join(', ') || 'none';
        throw c.fail(`${c.what} was rotated at ${c.rotatedAt} and the new key was stored (${targets}), but reading the key afterwards to rule out a concurrent rotation failed: ${errorMessage(error)}. Check that its last_rotated is still ${c.rotatedAt}; if not, run the rotation again`, error, c.secretsUpdated, []);
    }
    if (after.lastRotated === c.rotatedAt)
        return;
    const retain = after.retainPeriodMinutes ?? 0;
    const ours = retain > 0 && after.lastRotated ? `stays valid only until ${addMinutes(after.lastRotated, retain)}` : 'no longer works';
    const targets = c.secretsUpdated.map((s) => s.target).join(', ') || 'none';
    throw c.fail(`two rotations raced: ${c.what} was rotated again at ${after.lastRotated ?? 'an unknown time'}, after this run rotated it at ${c.rotatedAt}. ` +
        `The targets this run wrote (${targets}) hold this run's key, which ${ours}; run the rotation again, and give rotations of one key a concurrency group so they never overlap`, undefined, c.secretsUpdated, []);
}
function previousState(validUntil) {
    return validUntil ? `the previous key stays valid until ${validUntil}` : 'the previous key no longer works';
}
function isKeyOf(apiKey, record) {
    try {
        return decodeApiKey(apiKey).keyId === record.id;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./build/commands/index.js









/** Runs one command of the action. */
function runCommand(settings, deps) {
    switch (settings.command) {
        case 'connect':
            return connect(settings, deps);
        case 'create':
            return create(settings, deps);
        case 'rotate':
            return rotate(settings, deps);
        case 'ephemeral':
            return ephemeral(settings, deps);
        case 'activate':
            return setActive(settings, deps, true);
        case 'deactivate':
            return setActive(settings, deps, false);
        case 'delete':
            return remove(settings, deps);
        case 'describe':
            return describe(settings, deps);
        case 'audit':
            return auditCommand(settings, deps);
    }
}
async function auditCommand(settings, deps) {
    if (!settings.audit)
        throw new Error('internal: audit without its options');
    const report = await audit(settings.audit, deps);
    const { counts } = report;
    const done = `audited ${counts.serviceAccounts} service account${counts.serviceAccounts === 1 ? '' : 's'} and ${counts.apiKeys} API key${counts.apiKeys === 1 ? '' : 's'}: ${counts.findings} finding${counts.findings === 1 ? '' : 's'}`;
    return { command: 'audit', serverVersion: report.serverVersion, done, newKey: false, secretsUpdated: [], warnings: [], audit: report };
}

;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
;// CONCATENATED MODULE: ./build/zenml/server-url.js


/** True for the hosts PRODUCT.md calls loopback: `localhost`, 127.0.0.0/8 and ::1. */
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (host === 'localhost' || host === '::1')
        return true;
    return (0,external_node_net_namespaceObject.isIP)(host) === 4 && host.startsWith('127.');
}
/**
 * Validates a ZenML server URL and returns it without a trailing slash (ZenML answers 404 to
 * trailing-slash routes). `http://` is refused unless the host is loopback or insecure HTTP was allowed.
 */
function parseServerUrl(raw, options) {
    const { input } = options;
    const text = raw.trim();
    if (text === '')
        throw new errors_InputError(input, 'no ZenML server URL given; expected https://HOST[:PORT][/PATH]');
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors_InputError(input, `'${text}' is not a URL; expected https://HOST[:PORT][/PATH]`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors_InputError(input, `'${url.protocol}' is not supported; expected an https:// URL`);
    }
    if (url.username !== '' || url.password !== '') {
        throw new errors_InputError(input, 'the URL must not carry credentials; give an API key or a username and password instead');
    }
    if (url.search !== '' || url.hash !== '') {
        throw new errors_InputError(input, `'${url.origin}${url.pathname}' must have no query or fragment`);
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.allowInsecureHttp) {
        throw new errors_InputError(input, `refusing plain http:// to '${url.hostname}': keys would cross the network unencrypted; use https:// (or allow insecure HTTP explicitly)`);
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");
;// CONCATENATED MODULE: ./build/zenml/tls.js



/**
 * Reads `ZENML_STORE_VERIFY_SSL` the way the ZenML client does: `true`/empty verifies against the system
 * CAs, `false` turns verification off, anything else is a CA bundle, given as PEM text or as a file path.
 * A given CA is trusted in addition to the public roots.
 */
function parseVerifySsl(raw, input = 'ZENML_STORE_VERIFY_SSL') {
    const text = (raw ?? '').trim();
    const lower = text.toLowerCase();
    if (text === '' || ['true', 'yes', '1', 'on'].includes(lower))
        return { rejectUnauthorized: true };
    if (['false', 'no', '0', 'off'].includes(lower))
        return { rejectUnauthorized: false };
    const pem = text.includes('-----BEGIN CERTIFICATE-----') ? text : readCaFile(text, input);
    return { rejectUnauthorized: true, ca: [...external_node_tls_namespaceObject.rootCertificates, pem] };
}
function readCaFile(path, input) {
    let pem;
    try {
        pem = (0,external_node_fs_namespaceObject.readFileSync)(path, 'utf8');
    }
    catch (error) {
        const code = error.code ?? 'unreadable';
        throw new errors_InputError(input, `expected true, false, PEM text or a CA bundle file; cannot read '${path}' (${code})`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new errors_InputError(input, `'${path}' holds no PEM certificate`);
    }
    return pem;
}

;// CONCATENATED MODULE: ./build/zenml/models.js
function utc(timestamp) {
    if (!timestamp)
        return null;
    return /(Z|[+-]\d\d:?\d\d)$/.test(timestamp) ? timestamp : `${timestamp}Z`;
}
const obj = (value) => (value !== null && typeof value === 'object' ? value : {});
const str = (value) => (typeof value === 'string' ? value : '');
const strOrNull = (value) => (typeof value === 'string' ? value : null);
/** Maps a `ServiceAccountResponse`. */
function toServiceAccount(raw) {
    const r = obj(raw);
    const body = obj(r['body']);
    const metadata = r['metadata'] === null ? null : obj(r['metadata']);
    return {
        id: str(r['id']),
        name: str(r['name']),
        active: body['active'] === true,
        description: metadata ? strOrNull(metadata['description']) : null,
        created: utc(str(body['created'])),
        updated: utc(str(body['updated'])),
    };
}
/** Maps an `APIKeyResponse`, leaving the value out. */
function toApiKey(raw) {
    const r = obj(raw);
    const body = obj(r['body']);
    const metadata = r['metadata'] === null ? null : obj(r['metadata']);
    const sa = obj(body['service_account']);
    const retain = metadata?.['retain_period_minutes'];
    return {
        id: str(r['id']),
        name: str(r['name']),
        active: body['active'] === true,
        description: metadata ? strOrNull(metadata['description']) : null,
        retainPeriodMinutes: typeof retain === 'number' ? retain : null,
        lastLogin: utc(strOrNull(metadata?.['last_login'])),
        lastRotated: utc(strOrNull(metadata?.['last_rotated'])),
        created: utc(str(body['created'])),
        updated: utc(str(body['updated'])),
        serviceAccount: { id: str(sa['id']), name: str(sa['name']), active: obj(sa['body'])['active'] === true },
    };
}
/** The value in a create or rotate answer, or undefined when the answer has none. */
function keyValueOf(raw) {
    const value = obj(obj(raw)['body'])['key'];
    return typeof value === 'string' && value !== '' ? value : undefined;
}
/** Maps a `UserResponse`. */
function toCurrentUser(raw) {
    const r = obj(raw);
    const body = obj(r['body']);
    return {
        id: str(r['id']),
        name: str(r['name']),
        active: body['active'] === true,
        isServiceAccount: body['is_service_account'] === true,
        isAdmin: body['is_admin'] === true,
    };
}
/** Maps `/api/v1/info`; undefined when the answer is not a ZenML server's. */
function toServerInfo(raw) {
    const r = obj(raw);
    if (typeof r['version'] !== 'string' || typeof r['auth_scheme'] !== 'string')
        return undefined;
    return {
        id: str(r['id']),
        version: r['version'],
        authScheme: r['auth_scheme'],
        active: r['active'] !== false,
        deploymentType: strOrNull(r['deployment_type']),
    };
}

;// CONCATENATED MODULE: ./build/zenml/session.js


/**
 * The claims of a ZenML token that say whom it logged in: `sub` (the account's UUID) and, for an API-key
 * login, `api_key_id`. Read without checking the signature (only the server can), which is fine for
 * asking the server that issued it; undefined when the token is not a JWT with a `sub`.
 */
function tokenClaims(accessToken) {
    const payload = accessToken.split('.')[1];
    if (payload === undefined)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (typeof claims['sub'] !== 'string' || claims['sub'] === '')
            return undefined;
        return { sub: claims['sub'], apiKeyId: typeof claims['api_key_id'] === 'string' ? claims['api_key_id'] : undefined };
    }
    catch {
        return undefined;
    }
}
/** Describes the credentials for messages without revealing them. */
function describeCredentials(credentials) {
    return credentials.kind === 'api-key' ? 'the API key' : `user '${credentials.username}'`;
}
/**
 * One logged-in identity: logs in on first use (once per run), adds the bearer and CSRF headers, and on a
 * 401 logs in again once and retries the call once (a 401 comes before ZenML runs the endpoint, so this is
 * safe even for a rotation).
 */
class Session {
    #transport;
    #redactor;
    #credentials;
    #token;
    constructor(transport, credentials, redactor) {
        this.#transport = transport;
        this.#redactor = redactor;
        this.#credentials = credentials;
        redactor.add(...secretsOf(credentials));
    }
    get credentials() {
        return this.#credentials;
    }
    /**
     * Switches to other credentials, e.g. the key a self-rotation just made; the old token is dropped.
     * A token already obtained with the new credentials can be handed over, saving a login.
     */
    use(credentials, token) {
        this.#redactor.add(...secretsOf(credentials));
        this.#credentials = credentials;
        this.#token = token ? Promise.resolve(token) : undefined;
    }
    /** The current token, logging in if there is none yet. */
    token() {
        this.#token ??= this.#login().catch((error) => {
            this.#token = undefined;
            throw error;
        });
        return this.#token;
    }
    /** Sends an authenticated request. */
    async send(spec) {
        const first = await this.token();
        try {
            return await this.#transport.send(withToken(spec, first));
        }
        catch (error) {
            if (!(error instanceof errors_ZenmlError) || error.status !== 401)
                throw error;
            this.#token = undefined;
            const second = await this.token();
            return this.#transport.send(withToken(spec, second));
        }
    }
    async #login() {
        const credentials = this.#credentials;
        const form = credentials.kind === 'api-key'
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
        const raw = (body ?? {});
        if (typeof raw['access_token'] !== 'string' || raw['access_token'] === '') {
            throw new errors_ZenmlError({
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
function withToken(spec, token) {
    return {
        ...spec,
        headers: {
            ...spec.headers,
            authorization: `Bearer ${token.accessToken}`,
            ...(token.csrfToken ? { 'x-csrf-token': token.csrfToken } : {}),
        },
    };
}
function secretsOf(credentials) {
    return credentials.kind === 'api-key' ? apiKeyForms(credentials.apiKey) : [credentials.password];
}

;// CONCATENATED MODULE: ./build/zenml/transport.js


const defaultRetryPolicy = {
    attempts: 4,
    baseDelayMs: 500,
    maxDelayMs: 10_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
};
const AMBIGUOUS_STATUSES = new Set([500, 502, 503, 504]);
const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;
/** Sends requests to one ZenML server: TLS, proxy, timeout, redirects, retries and error shaping. */
class Transport {
    #options;
    #http;
    constructor(options) {
        this.#options = options;
        this.#http = new HttpClient({ tls: options.tls });
    }
    /** Sends one request, retrying idempotent ones, and returns the parsed JSON of a 2xx answer. */
    async send(spec) {
        const { retry, logger } = this.#options;
        for (let attempt = 1;; attempt++) {
            try {
                return await this.#once(spec);
            }
            catch (error) {
                if (!(error instanceof errors_ZenmlError) || !spec.idempotent || attempt >= retry.attempts || !isRetryable(error, spec))
                    throw error;
                const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
                const delay = Math.min(retry.maxDelayMs, error.retryAfterMs ?? Math.round(backoff * (0.5 + retry.random() / 2)));
                logger.debug(`${spec.context}: ${error.detail}; trying again in ${delay} ms (attempt ${attempt + 1} of ${retry.attempts})`);
                await retry.sleep(delay);
            }
        }
    }
    /** Releases the connection pool. */
    async close() {
        this.#http.close();
    }
    async #once(spec) {
        const { baseUrl, timeoutMs, redactor } = this.#options;
        const url = new URL(baseUrl + spec.path);
        for (const [name, value] of Object.entries(spec.query ?? {})) {
            if (value !== undefined)
                url.searchParams.set(name, String(value));
        }
        const headers = { accept: 'application/json', ...spec.headers };
        let body;
        if (spec.json !== undefined) {
            body = JSON.stringify(spec.json);
            headers['content-type'] = 'application/json';
        }
        else if (spec.form !== undefined) {
            body = new URLSearchParams(spec.form).toString();
            headers['content-type'] = 'application/x-www-form-urlencoded';
        }
        // The hop being sent: errors name its URL.
        let hop = { url, method: spec.method, headers, body };
        const fail = (kind, detail, extra = {}) => new errors_ZenmlError({
            kind,
            method: spec.method,
            url: displayUrl(hop.url),
            detail: redactor.redact(detail),
            context: spec.context,
            maybeApplied: false,
            ...extra,
        });
        let signal;
        let answer;
        try {
            ({ answer } = await this.#http.send(hop, (next) => {
                hop = next;
                return (signal = AbortSignal.timeout(timeoutMs));
            }));
        }
        catch (error) {
            throw describeNetworkError(error, signal?.aborted ?? false, timeoutMs, fail);
        }
        const { status: statusCode, headers: responseHeaders } = answer;
        const text = answer.body.toString('utf8');
        if (statusCode >= 200 && statusCode < 300) {
            return { status: statusCode, body: parseJson(text) };
        }
        const parsed = parseErrorBody(statusCode, headerOf(responseHeaders, 'content-type') ?? '', text);
        const retryAfterMs = parseRetryAfter(headerOf(responseHeaders, 'retry-after'));
        throw fail('http', parsed.detail, {
            status: statusCode,
            maybeApplied: AMBIGUOUS_STATUSES.has(statusCode),
            ...(parsed.exceptionClass ? { exceptionClass: parsed.exceptionClass } : {}),
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        });
    }
}
function isRetryable(error, spec) {
    if (error.kind === 'network' || error.kind === 'timeout')
        return true;
    if (error.kind !== 'http')
        return false;
    if (error.status === 429)
        return error.retryAfterMs !== undefined || spec.retryBlind429 !== false;
    return (error.status ?? 0) >= 500;
}
function describeNetworkError(error, timedOut, timeoutMs, fail) {
    if (timedOut) {
        return fail('timeout', `no answer within ${timeoutMs / 1000} s (the server may still have acted on it)`, { maybeApplied: true });
    }
    const err = error;
    const code = err.cause?.code ?? err.code ?? 'ERROR';
    const message = err.cause?.message ?? err.message ?? String(error);
    if (TLS_CODES.test(code) || /certificate/i.test(message)) {
        return fail('tls', `the server's TLS certificate was not accepted (${code}: ${message}); if it is signed by a private CA, give that CA as ZENML_STORE_VERIFY_SSL (a file path or the PEM text)`, { code });
    }
    if (code === 'ECONNREFUSED')
        return fail('network', 'connection refused: is the server running at this address?', { code });
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return fail('network', `the host name does not resolve (${code})`, { code });
    // The request may have reached the server before the connection broke.
    return fail('network', `the connection failed (${code}: ${message})`, { code, maybeApplied: true });
}
function parseJson(text) {
    if (text.trim() === '')
        return null;
    try {
        return JSON.parse(text);
    }
    catch {
        return text;
    }
}
/** `Retry-After` as milliseconds: seconds or an HTTP date. */
function parseRetryAfter(value, now = Date.now()) {
    if (value === undefined || value.trim() === '')
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0)
        return Math.round(seconds * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** The URL as it may appear in a message: no credentials, no query. */
function displayUrl(url) {
    return `${url.origin}${url.pathname}`;
}

;// CONCATENATED MODULE: ./build/zenml/client.js









const PAGE_SIZE = 100;
const path = (...segments) => `/api/v1/${segments.map(encodeURIComponent).join('/')}`;
/** A typed client for the parts of ZenML's REST API that manage service accounts and their API keys. */
class ZenmlClient {
    url;
    redactor;
    #transport;
    #session;
    #logger;
    #accountIds = new Map();
    #info;
    constructor(options) {
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
    get credentials() {
        return this.#session.credentials;
    }
    /** Logs in with other credentials from now on (after a self-rotation, the new key). */
    useCredentials(credentials) {
        this.#session.use(credentials);
    }
    /** Closes the connections; the client is unusable afterwards. */
    close() {
        return this.#transport.close();
    }
    /** `/api/v1/info` (no login): version and auth scheme. Asked once per client. */
    info() {
        this.#info ??= this.#transport
            .send({ method: 'GET', path: '/api/v1/info', context: 'read the server info', idempotent: true })
            .then(({ body }) => {
            const info = toServerInfo(body);
            if (!info)
                throw notZenml(this.url);
            return info;
        })
            .catch((error) => {
            this.#info = undefined;
            throw error;
        });
        return this.#info;
    }
    /** `/health`: true when the server says it is OK. */
    async health() {
        const { body } = await this.#transport.send({ method: 'GET', path: '/health', context: 'check server health', idempotent: true });
        return body === 'OK';
    }
    /** Logs in (if not done yet) and returns the bearer token. */
    token() {
        return this.#session.token();
    }
    /** Who the credentials belong to. */
    async currentUser() {
        return toCurrentUser(await this.#get(path('current-user'), 'read the current user'));
    }
    /**
     * Logs in with a new API key and says whom the server logged in: the check that a new key works before
     * it is stored. The account comes from the token's claims (`sub`, `api_key_id`), so this is one request;
     * `current-user` is read only when the token is not a readable JWT. With `adopt`, this client then goes
     * on with that key and its token (after a self-rotation).
     */
    async loginWithApiKey(apiKey, options = {}) {
        const credentials = { kind: 'api-key', apiKey };
        const session = new Session(this.#transport, credentials, this.redactor);
        const token = await session.token();
        const claims = tokenClaims(token.accessToken);
        const accountId = claims?.sub ??
            toCurrentUser((await session.send({ method: 'GET', path: path('current-user'), context: 'read the account of the new key', idempotent: true })).body).id;
        if (options.adopt)
            this.#session.use(credentials, token);
        return { accountId, apiKeyId: claims?.apiKeyId };
    }
    /** Logs in with another API key and reads its account (name and kind included). */
    async verifyApiKey(apiKey) {
        const session = new Session(this.#transport, { kind: 'api-key', apiKey }, this.redactor);
        const { body } = await session.send({ method: 'GET', path: path('current-user'), context: 'log in with the key and read its account', idempotent: true });
        return toCurrentUser(body);
    }
    // Service accounts
    /** Every service account matching the filter, across all pages. */
    async listServiceAccounts(filter = {}) {
        const items = await this.#listAll(path('service_accounts'), filter, 'list service accounts');
        return items.map(toServiceAccount);
    }
    /**
     * One page of service accounts, oldest first, unhydrated (no description): for callers that read pages
     * concurrently (the audit) instead of one after another.
     */
    async serviceAccountsPage(page, size = PAGE_SIZE) {
        const body = await this.#page(path('service_accounts'), 'list service accounts', { hydrate: false, page, size, sort_by: 'created' });
        return { ...body, items: body.items.map(toServiceAccount) };
    }
    /** One service account by name or id. */
    async getServiceAccount(nameOrId) {
        const account = toServiceAccount(await this.#get(path('service_accounts', nameOrId), `get service account '${nameOrId}'`));
        this.#remember(nameOrId, account.id);
        return account;
    }
    /** One service account, or undefined when the server has none by that name or id. */
    findServiceAccount(nameOrId) {
        return orUndefinedOn404(this.getServiceAccount(nameOrId));
    }
    /** Creates an active service account. A lost answer is resolved by looking the account up. */
    async createServiceAccount(request) {
        const context = `create service account '${request.name}'`;
        try {
            const body = await this.#send({ method: 'POST', path: path('service_accounts'), json: { ...request, active: true }, context, idempotent: false });
            const account = toServiceAccount(body);
            this.#remember(request.name, account.id);
            return account;
        }
        catch (error) {
            if (!(error instanceof errors_ZenmlError) || !error.maybeApplied)
                throw error;
            // Creating an account hands out no secret, so one that exists now is simply the one we asked for.
            const existing = await this.findServiceAccount(request.name).catch(() => undefined);
            if (!existing)
                throw error;
            this.#logger.info(`${context}: the answer was lost, but the account exists: using it`);
            return existing;
        }
    }
    /** Changes a service account's name, description or active flag; absent fields stay as they are. */
    async updateServiceAccount(nameOrId, update) {
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
    async deleteServiceAccount(nameOrId) {
        await this.#send({ method: 'DELETE', path: path('service_accounts', nameOrId), context: `delete service account '${nameOrId}'`, idempotent: true });
        this.#accountIds.delete(nameOrId);
    }
    // API keys (the service account is always addressed by its UUID, as ZenML requires)
    /** Every API key of the account, hydrated (with last_rotated and retention), across all pages. */
    async listApiKeys(account, filter = {}) {
        const id = await this.#accountId(account);
        const items = await this.#listAll(path('service_accounts', id, 'api_keys'), filter, `list API keys of service account '${account}'`);
        return items.map(toApiKey);
    }
    /** One page of an account's API keys, oldest first, hydrated (last login, rotation, retention). */
    async apiKeysPage(account, page, size = PAGE_SIZE) {
        const body = await this.#page(path('service_accounts', account.id, 'api_keys'), `list API keys of service account '${account.name}'`, { hydrate: true, page, size, sort_by: 'created' });
        return { ...body, items: body.items.map(toApiKey) };
    }
    /** One API key by name or id. */
    async getApiKey(account, key) {
        const id = await this.#accountId(account);
        return toApiKey(await this.#get(path('service_accounts', id, 'api_keys', key), describeKey(account, key, 'get')));
    }
    /** One API key, or undefined when the account has none by that name or id. */
    findApiKey(account, key) {
        return orUndefinedOn404(this.getApiKey(account, key));
    }
    /**
     * Creates an API key and returns it with its value. Never re-sent: if the answer is lost, the key's
     * existence tells whether it was made, and a `LostAnswerError` says so.
     */
    async createApiKey(account, request) {
        const id = await this.#accountId(account);
        const context = describeKey(account, request.name, 'create');
        try {
            const body = await this.#send({ method: 'POST', path: path('service_accounts', id, 'api_keys'), json: request, context, idempotent: false });
            return this.#withValue(body, context);
        }
        catch (error) {
            if (!(error instanceof errors_ZenmlError) || !error.maybeApplied)
                throw error;
            const found = await this.findApiKey(id, request.name).then((key) => ({ known: true, key }), () => ({ known: false }));
            throw LostAnswerError.forCreate({ account, keyName: request.name, cause: error, ...found });
        }
    }
    /**
     * Rotates an API key, keeping the previous value valid for `retainMinutes`, and returns the new value.
     * Never re-sent: if the answer is lost, the key's `last_rotated` (compared with `before`, read first
     * when not given) tells whether the rotation happened, and a `LostAnswerError` says so.
     */
    async rotateApiKey(account, key, options) {
        const id = await this.#accountId(account);
        const before = options.before ?? (await this.getApiKey(id, key));
        const context = describeKey(account, key, 'rotate');
        try {
            const body = await this.#send({
                method: 'PUT',
                path: path('service_accounts', id, 'api_keys', key, 'rotate'),
                json: { retain_period_minutes: options.retainMinutes },
                context,
                idempotent: false,
            });
            return this.#withValue(body, context);
        }
        catch (error) {
            if (!(error instanceof errors_ZenmlError) || !error.maybeApplied)
                throw error;
            const after = await this.getApiKey(id, before.id).then((record) => ({ known: true, key: record }), () => ({ known: false }));
            throw LostAnswerError.forRotate({ account, keyName: before.name, before, retainMinutes: options.retainMinutes, cause: error, ...after });
        }
    }
    /**
     * Changes an API key. `active` is always sent: ZenML 0.58 re-activates a key whose update omits it;
     * null leaves it as it is on servers that honour that.
     */
    async updateApiKey(account, key, update) {
        const id = await this.#accountId(account);
        let active = update.active;
        if (active === null)
            active = (await this.getApiKey(id, key)).active;
        const body = await this.#send({
            method: 'PUT',
            path: path('service_accounts', id, 'api_keys', key),
            json: { ...update, active },
            context: describeKey(account, key, 'update'),
            idempotent: true,
        });
        return toApiKey(body);
    }
    /** Deletes an API key; tokens made from it stop working at once. */
    async deleteApiKey(account, key) {
        const id = await this.#accountId(account);
        await this.#send({ method: 'DELETE', path: path('service_accounts', id, 'api_keys', key), context: describeKey(account, key, 'delete'), idempotent: true });
    }
    // Plumbing
    async #send(spec) {
        return (await this.#session.send(spec)).body;
    }
    #get(requestPath, context, query) {
        return this.#send({ method: 'GET', path: requestPath, context, idempotent: true, ...(query ? { query } : {}) });
    }
    async #listAll(requestPath, filter, context) {
        const items = [];
        for (let page = 1;; page++) {
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
            if (page >= body.totalPages)
                return items;
        }
    }
    async #page(requestPath, context, query) {
        const body = (await this.#get(requestPath, context, query));
        const items = Array.isArray(body?.items) ? body.items : [];
        const totalPages = Number.isSafeInteger(body?.total_pages) && body?.total_pages >= 1 ? body?.total_pages : 1;
        return { items, page: Number(query['page'] ?? 1), totalPages, total: typeof body?.total === 'number' ? body.total : items.length };
    }
    /** ZenML's API-key routes take the account's UUID only; a name is looked up (once) first. */
    async #accountId(account) {
        if (isUuid(account))
            return account;
        const known = this.#accountIds.get(account);
        if (known)
            return known;
        return (await this.getServiceAccount(account)).id;
    }
    /** The key from a create or rotate answer; registered as a secret before anything else sees it. */
    #withValue(body, context) {
        const key = keyValueOf(body);
        if (!key)
            throw new Error(`${context}: the server's answer carries no key value`);
        this.redactor.add(...apiKeyForms(key));
        return { ...toApiKey(body), key };
    }
    #remember(nameOrId, id) {
        if (!isUuid(nameOrId))
            this.#accountIds.set(nameOrId, id);
    }
}
function describeKey(account, key, verb) {
    return `${verb} API key '${key}' of service account '${account}'`;
}
async function orUndefinedOn404(promise) {
    try {
        return await promise;
    }
    catch (error) {
        if (error instanceof errors_ZenmlError && error.status === 404)
            return undefined;
        throw error;
    }
}
function notZenml(url) {
    return new errors_ZenmlError({
        kind: 'http',
        method: 'GET',
        url: `${url}/api/v1/info`,
        status: 200,
        detail: 'the answer has no version or auth_scheme: this URL does not look like a ZenML server',
        context: 'read the server info',
        maybeApplied: false,
    });
}

;// CONCATENATED MODULE: ./build/action/inputs.js







/** The ZenML client the settings describe: main and post step build it the same way. */
function zenmlClientFor(settings, logger, redactor) {
    return new ZenmlClient({ url: settings.serverUrl, credentials: settings.management, tls: settings.tls, timeoutMs: settings.timeoutMs, logger, redactor });
}
const STORING = ['create', 'rotate'];
const MAX_NAME = 255;
const MAX_RETAIN_MINUTES = 525_600; // a year: a longer "rotation" keeps the old key alive too long to mean anything
/** Turns the action's inputs (and the runner's environment) into one settings object, or an InputError. */
function readSettings(input, env) {
    const text = (name) => input(name).trim();
    const command = text('command') || 'connect';
    if (!COMMANDS.includes(command)) {
        throw new errors_InputError('command', `'${command}' is not a command; expected one of ${COMMANDS.join(', ')}`);
    }
    const cmd = command;
    // The action's face of the audit (inputs, summary, annotations) lands after the core and the CLI.
    if (cmd === 'audit')
        throw new errors_InputError('command', "'audit' is not available in the action yet: run zenml-sa audit");
    const allowInsecureHttp = bool(input, 'allow-insecure-http', false);
    const serverUrl = parseServerUrl(text('server-url') || (env['ZENML_STORE_URL'] ?? ''), { input: 'server-url', allowInsecureHttp });
    const apiKey = text('api-key') || env['ZENML_STORE_API_KEY']?.trim() || undefined;
    const username = text('username') || undefined;
    const password = input('password');
    if (apiKey)
        decodeApiKey(apiKey, 'api-key');
    if (!username && password !== '')
        throw new errors_InputError('username', 'is empty but password is given: give both, or use api-key');
    const serviceAccount = inputs_name(input, 'service-account');
    const apiKeyName = inputs_name(input, 'api-key-name');
    checkCredentials(cmd, { apiKey, username, serviceAccount, apiKeyName });
    const management = username ? { kind: 'password', username, password } : { kind: 'api-key', apiKey: apiKey ?? '' };
    const description = input('description').trim() || undefined;
    if (description && description.length > 65_535)
        throw new errors_InputError('description', 'is longer than 65,535 characters');
    const retainMinutes = integer(input, 'retain-minutes', 0, MAX_RETAIN_MINUTES);
    const maxKeyAgeDays = integer(input, 'max-key-age-days', 0, 36_500);
    const stores = STORING.includes(cmd);
    const rawSecretName = stores ? text('secret-name') : '';
    const secretName = rawSecretName === '' ? undefined : targets_validateSecretName(rawSecretName);
    let targets = [];
    let github;
    if (secretName) {
        targets = parseSecretTargets({
            repository: text('repository') || env['GITHUB_REPOSITORY'],
            environment: text('environment'),
            organization: text('organization'),
            visibility: text('visibility'),
            selectedRepositories: input('selected-repositories'),
        });
        const token = text('github-token');
        if (!token) {
            throw new errors_InputError('github-token', `is required to store ${secretName}: pass a fine-grained PAT or GitHub App token with Secrets: write (the workflow's GITHUB_TOKEN cannot write secrets), or set secret-name to '' to store nothing`);
        }
        github = { token, apiUrl: normalizeBaseUrl(text('github-api-url') || env['GITHUB_API_URL'] || 'https://api.github.com') };
    }
    const timeoutSeconds = Number(env['ZENML_STORE_HTTP_TIMEOUT'] || 30);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
        throw new errors_InputError('ZENML_STORE_HTTP_TIMEOUT', `'${env['ZENML_STORE_HTTP_TIMEOUT']}' is not a positive number of seconds`);
    }
    return {
        command: cmd,
        serverUrl,
        management,
        apiKey,
        userCredentials: username !== undefined,
        serviceAccount,
        apiKeyName,
        description,
        retainMinutes,
        secretName,
        targets,
        github,
        verify: bool(input, 'verify', true),
        maxKeyAgeDays,
        exportEnv: bool(input, 'export-env', true),
        outputApiKey: bool(input, 'output-api-key', false),
        tls: parseVerifySsl(env['ZENML_STORE_VERIFY_SSL']),
        timeoutMs: timeoutSeconds * 1000,
        run: { id: env['GITHUB_RUN_ID'] || 'local', attempt: env['GITHUB_RUN_ATTEMPT'] || '1' },
    };
}
/** The cross-field rules of PRODUCT.md: which credentials and names each command needs. */
function checkCredentials(command, who) {
    if (command === 'connect') {
        if (!who.apiKey)
            throw new errors_InputError('api-key', "is required for 'connect' (or set ZENML_STORE_API_KEY): it is the key to verify and export");
        if (who.username)
            throw new errors_InputError('username', "is not used by 'connect', which verifies api-key: remove username and password");
        return;
    }
    if (!who.apiKey && !who.username) {
        throw new errors_InputError('api-key', `'${command}' needs credentials: give api-key (a service account's key) or username and password`);
    }
    if (!who.serviceAccount && !who.apiKey) {
        const what = who.apiKeyName ? `api-key-name '${who.apiKeyName}' needs its service account` : `'${command}' needs a service account`;
        throw new errors_InputError('service-account', `is empty: ${what} (or an api-key to take it from)`);
    }
    if (command === 'activate' && !who.username && !who.serviceAccount) {
        throw new errors_InputError('api-key', "cannot activate itself (an inactive key cannot log in): give service-account and api-key-name with other credentials (username/password or another account's key)");
    }
}
function inputs_name(input, key) {
    const value = input(key).trim();
    if (value === '')
        return undefined;
    if (value.length > MAX_NAME)
        throw new errors_InputError(key, `is longer than ${MAX_NAME} characters`);
    return value;
}
/** Booleans parse strictly, as @actions/core does: true/True/TRUE or false/False/FALSE. */
function bool(input, key, fallback) {
    const value = input(key).trim();
    if (value === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    throw new errors_InputError(key, `'${value}' is not a boolean; expected true or false`);
}
function integer(input, key, min, max) {
    const value = input(key).trim();
    if (value === '')
        return 0;
    if (!/^\d+$/.test(value))
        throw new errors_InputError(key, `'${value}' is not a whole number of ${key.endsWith('days') ? 'days' : 'minutes'} (${min} to ${max})`);
    const n = Number(value);
    if (n < min || n > max)
        throw new errors_InputError(key, `${value} is out of range; expected ${min} to ${max}`);
    return n;
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./build/core/workflow-commands.js
// The text of the runner's workflow commands (stdout) and file commands ($GITHUB_ENV and the like), in the
// formats of @actions/core 3.0.1: the action's runner.ts writes them, and so does the CLI inside a job.


/** `::command key=value,…::message` and a line end, escaped so that a value cannot end the command or start another. */
function commandLine(command, message, properties = {}) {
    let text = `::${command}`;
    if (Object.keys(properties).length > 0) {
        const pairs = Object.entries(properties).filter(([, value]) => value);
        text += ' ' + pairs.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
    }
    return `${text}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`;
}
function escapeData(value) {
    return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(value) {
    return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
/**
 * One `name<<delimiter` entry of a file command: the name, the value and the delimiter. The delimiter is random
 * so that a value cannot end the entry early; a name or value that contains it anyway is refused.
 */
function fileCommandEntry(name, value) {
    const delimiter = `ghadelimiter_${(0,external_node_crypto_namespaceObject.randomUUID)()}`;
    if (name.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (value.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    return `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`;
}

;// CONCATENATED MODULE: ./build/action/runner.js
// How the action talks to the GitHub Actions runner: inputs and state from the environment, workflow commands on
// stdout, file commands appended to $GITHUB_OUTPUT, $GITHUB_ENV, $GITHUB_STATE and $GITHUB_STEP_SUMMARY.
//
// We do not use @actions/core: version 3 statically imports @actions/http-client (for OIDC tokens, which this
// action never asks for), and with it undici, @actions/exec and @actions/io, which cost ~70 ms of parsing on every
// start of the bundled action (measured, see docs/PERFORMANCE.md). This module is the part of it the action uses,
// writing exactly the formats of @actions/core 3.0.1 (lib/core.js, command.js, file-command.js, summary.js). It
// takes strings only, where @actions/core also JSON-encodes other values.




/** Reads an input the runner passed as INPUT_<NAME>; '' when unset, trimmed unless `trimWhitespace` is false. */
function getInput(name, options = {}) {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    return options.trimWhitespace === false ? value : value.trim();
}
/** Reads what the main step saved with saveState (the runner passes it to the post step as STATE_<name>). */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
/** Masks a value in the job log from this line on. */
function setSecret(secret) {
    issueCommand('add-mask', secret);
}
/** Sets a step output. */
function setOutput(name, value) {
    if (process.env['GITHUB_OUTPUT'])
        return appendFileCommand('OUTPUT', name, value);
    process.stdout.write(external_node_os_namespaceObject.EOL); // @actions/core does this, so that the command starts a line
    issueCommand('set-output', value, { name });
}
/** Sets an environment variable for this process and for the job's later steps. */
function exportVariable(name, value) {
    process.env[name] = value;
    if (process.env['GITHUB_ENV'])
        return appendFileCommand('ENV', name, value);
    issueCommand('set-env', value, { name });
}
/** Saves a value for the post step of this action (see getState). */
function saveState(name, value) {
    if (process.env['GITHUB_STATE'])
        return appendFileCommand('STATE', name, value);
    issueCommand('save-state', value, { name });
}
/** Writes a debug line, shown only when the job runs with debug logging. */
function debug(message) {
    issueCommand('debug', message);
}
/** Writes a line to the job log. */
function info(message) {
    process.stdout.write(message + external_node_os_namespaceObject.EOL);
}
/** Writes a warning, which also becomes an annotation of the run. */
function runner_warning(message) {
    issueCommand('warning', message);
}
/** Fails the step: exit code 1 once the process ends, and the message as an error annotation. */
function setFailed(message) {
    process.exitCode = 1;
    issueCommand('error', message);
}
/** Appends markdown to the job summary ($GITHUB_STEP_SUMMARY), as `summary.addRaw(markdown).write()` does. */
async function appendSummary(markdown) {
    const file = process.env['GITHUB_STEP_SUMMARY'];
    if (!file)
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    try {
        await (0,promises_namespaceObject.access)(file, external_node_fs_namespaceObject.constants.R_OK | external_node_fs_namespaceObject.constants.W_OK);
    }
    catch {
        throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
    }
    await (0,promises_namespaceObject.appendFile)(file, markdown, { encoding: 'utf8' });
}
/** Writes a workflow command to the job log. */
function issueCommand(command, message, properties = {}) {
    process.stdout.write(commandLine(command, message, properties));
}
/** Appends a `name<<delimiter` entry to $GITHUB_<command>. */
function appendFileCommand(command, name, value) {
    const file = process.env[`GITHUB_${command}`] ?? '';
    if (!(0,external_node_fs_namespaceObject.existsSync)(file))
        throw new Error(`Missing file at path: ${file}`);
    (0,external_node_fs_namespaceObject.appendFileSync)(file, fileCommandEntry(name, value), { encoding: 'utf8' });
}

;// CONCATENATED MODULE: ./build/action/summary.js
/** The job summary of a successful run, as Markdown: what was done, to which targets, the retention end. */
function successSummary(result) {
    const rows = [['Command', `\`${result.command}\``], ['Result', result.done], ['Server version', result.serverVersion]];
    if (result.account)
        rows.push(['Service account', `${result.account.name} (\`${result.account.id}\`)`]);
    if (result.key)
        rows.push(['API key', `${result.key.name} (\`${result.key.id}\`)`]);
    if (result.rotatedAt)
        rows.push(['Rotated at', result.rotatedAt]);
    if (result.command === 'rotate')
        rows.push(['Previous key valid until', result.previousKeyValidUntil ?? 'no longer valid (no retention)']);
    if (result.command === 'create' || result.command === 'rotate') {
        rows.push(['Secrets written', result.secretsUpdated.map((s) => `${s.target} ${s.secret} (${s.result})`).join('<br>') || 'none']);
    }
    for (const warning of result.warnings)
        rows.push(['Warning', warning]);
    let markdown = `### ZenML service account: ${result.command}\n\n${table(rows)}`;
    if (result.keys)
        markdown += `\n#### API keys\n\n${keysTable(result.keys)}`;
    return markdown;
}
/** The job summary of a failed run: the error and the state the server and each target are in. */
function failureSummary(command, message, state, exported) {
    const rows = [['Command', `\`${command}\``], ['Failed', message]];
    if (state?.subject) {
        rows.push(['Service account', `${state.subject.account.name} (\`${state.subject.account.id}\`)`]);
        if (state.subject.key)
            rows.push(['API key', `${state.subject.key.name} (\`${state.subject.key.id}\`)`]);
    }
    if (state?.rotatedAt)
        rows.push(['Rotated at', state.rotatedAt]);
    if (state?.rotatedAt || state?.previousKeyValidUntil)
        rows.push(['Previous key valid until', state.previousKeyValidUntil ?? 'no longer valid (no retention)']);
    if (state && (state.written.length > 0 || state.notWritten.length > 0)) {
        rows.push(['Secrets written', state.written.map((s) => `${s.target} ${s.secret} (${s.result})`).join('<br>') || 'none']);
        rows.push(['Secrets not written', state.notWritten.join('<br>') || 'none']);
    }
    if (state?.newKey)
        rows.push(['New key', exported ? 'exported as ZENML_STORE_API_KEY for the rest of this job (masked)' : 'not exported']);
    return `### ZenML service account: ${command} failed\n\n${table(rows)}`;
}
/** The state of a CommandError, or undefined for other failures. */
function stateOf(error) {
    return error?.state;
}
function keysTable(keys) {
    if (keys.length === 0)
        return 'No API keys.\n';
    const rows = keys.map((k) => `| ${cell(k.name)} | \`${k.id}\` | ${k.active ? 'active' : 'inactive'} | ${k.lastRotated ?? 'never'} | ${k.lastLogin ?? 'never'} | ${k.created} |`);
    return `| Name | Id | State | Last rotated | Last login | Created |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
}
function table(rows) {
    return `| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${cell(v)} |`).join('\n')}\n`;
}
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

;// CONCATENATED MODULE: ./build/action/run.js










const STATE_EPHEMERAL_ACCOUNT = 'ephemeral-account-id';
const STATE_EPHEMERAL_KEY = 'ephemeral-key-id';
const STATE_EPHEMERAL_NAME = 'ephemeral-key-name';
/** Masks a secret and every form of it that could be printed; empty values are skipped. */
function mask(value, redactor) {
    if (!value)
        return;
    const forms = value.startsWith('ZENKEY_') ? apiKeyForms(value) : [value];
    for (const form of forms)
        setSecret(form);
    redactor?.add(...forms);
}
/** Masks the secret inputs; the first thing both the main and the post step do. */
function maskSecretInputs(redactor) {
    for (const name of ['api-key', 'password', 'github-token'])
        mask(getInput(name), redactor);
    mask(process.env['ZENML_STORE_API_KEY']?.trim(), redactor);
    mask(process.env['ZENML_STORE_PASSWORD'], redactor);
}
/** The logger the core reports to: the action's log, with every known secret replaced. */
function actionLogger(redactor) {
    return {
        debug: (m) => debug(redactor.redact(m)),
        info: (m) => info(redactor.redact(m)),
        warning: (m) => runner_warning(redactor.redact(m)),
    };
}
/** The action's main step. */
async function run() {
    const redactor = new Redactor();
    maskSecretInputs(redactor);
    const logger = actionLogger(redactor);
    let settings;
    let zenml;
    try {
        settings = readSettings((name) => getInput(name, { trimWhitespace: false }), process.env);
        zenml = zenmlClientFor(settings, logger, redactor);
    }
    catch (error) {
        setFailed(redactor.redact(error instanceof errors_InputError ? error.message : `invalid input: ${errorMessage(error)}`));
        return;
    }
    const deps = {
        zenml,
        secrets: settings.github ? createGitHubSecrets({ token: settings.github.token, baseUrl: settings.github.apiUrl, logger }) : undefined,
        logger,
        onSecret: (value) => mask(value, redactor),
        now: () => new Date(),
        randomHex: (length) => (0,external_node_crypto_namespaceObject.randomBytes)(Math.ceil(length / 2)).toString('hex').slice(0, length),
    };
    try {
        const result = await runCommand(settings, deps);
        publish(settings, result);
        for (const warning of result.warnings)
            runner_warning(redactor.redact(warning));
        info(redactor.redact(result.done));
        await writeSummary(successSummary(result));
    }
    catch (error) {
        const state = stateOf(error);
        // A key made by this run must not be lost: whatever failed, later steps of the job get it.
        if (state?.newKey)
            exportKey(settings.serverUrl, state.newKey);
        if (state?.subject)
            setSubjectOutputs(state.subject);
        const message = redactor.redact(explainFailure(error)) + (state?.newKey ? ' The new key is exported as ZENML_STORE_API_KEY for the rest of this job.' : '');
        await writeSummary(redactor.redact(failureSummary(settings.command, message, state, Boolean(state?.newKey))));
        setFailed(message);
    }
    finally {
        await zenml.close();
    }
}
function publish(settings, result) {
    setOutput('server-version', result.serverVersion);
    setSubjectOutputs(result);
    if (result.command === 'rotate') {
        setOutput('rotated-at', result.rotatedAt ?? '');
        setOutput('previous-key-valid-until', result.previousKeyValidUntil ?? '');
    }
    if (result.command === 'create' || result.command === 'rotate')
        setOutput('secrets-updated', JSON.stringify(result.secretsUpdated));
    if (result.keyToExport && settings.exportEnv)
        exportKey(settings.serverUrl, result.keyToExport);
    if (result.keyToExport && result.newKey && settings.outputApiKey)
        setOutput('api-key', result.keyToExport);
    if (result.command === 'ephemeral' && result.account && result.key) {
        saveState(STATE_EPHEMERAL_ACCOUNT, result.account.id);
        saveState(STATE_EPHEMERAL_KEY, result.key.id);
        saveState(STATE_EPHEMERAL_NAME, result.key.name);
    }
}
function setSubjectOutputs(subject) {
    if (subject.account) {
        setOutput('service-account-id', subject.account.id);
        setOutput('service-account-name', subject.account.name);
    }
    if (subject.key) {
        setOutput('api-key-id', subject.key.id);
        setOutput('api-key-name', subject.key.name);
    }
}
function exportKey(serverUrl, key) {
    exportVariable('ZENML_STORE_URL', serverUrl);
    exportVariable('ZENML_STORE_API_KEY', key);
}
async function writeSummary(markdown) {
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return;
    try {
        await appendSummary(markdown);
    }
    catch (error) {
        runner_warning(`could not write the job summary: ${errorMessage(error)}`);
    }
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(542);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
