import { EnvHttpProxyAgent, interceptors, type Dispatcher } from 'undici';
import { InputError } from './errors.js';

// Both clients (ZenML and GitHub) send every request through one undici dispatcher built here: keep-alive
// connections, the TLS the caller asks for, HTTP(S)_PROXY/NO_PROXY from the environment (undici's
// EnvHttpProxyAgent, so proxies work on every Node the CLI supports), and one redirect policy.
// @actions/core and @actions/github bundle the same undici (package.json pins it with an override).

/** TLS for https URLs: extra CAs, or no verification. Default: Node's. */
export interface TlsSettings {
  readonly rejectUnauthorized: boolean;
  readonly ca?: readonly string[] | undefined;
}

export interface DispatcherOptions {
  readonly tls?: TlsSettings | undefined;
  /** How long to wait for an answer's headers, and between chunks of its body (undici's default: 5 minutes). */
  readonly timeoutMs?: number | undefined;
}

const MAX_REDIRECTS = 5;

/**
 * A redirect that would carry the request elsewhere. Credentials (a token, an API key, a password in a login
 * form) are for the URL the user set: we never follow a redirect to another origin, and never from https to
 * http, because the request would take them along. Its message is one line that names where the server
 * pointed (without any userinfo) and what to change.
 */
export class RedirectRefusedError extends Error {
  override readonly name = 'RedirectRefusedError';
  readonly code = 'REDIRECT_REFUSED';
  readonly status: number;
  readonly location: string;

  constructor(status: number, location: string, downgrade: boolean) {
    super(
      `the server answered ${status} redirecting to ${location}, ${downgrade ? 'from https to plain http' : 'another server'}; ` +
        'credentials are only sent to the address you set: set the URL to the final address',
    );
    this.status = status;
    this.location = location;
  }
}

/** A Location as it may be shown: resolved against the request, userinfo replaced by `***`, no query. */
export function displayLocation(location: string, base: string): string {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    return 'an address that is not a URL';
  }
  const userinfo = url.username !== '' || url.password !== '' ? '***@' : '';
  return `${url.protocol}//${userinfo}${url.host}${url.pathname}`;
}

/**
 * The redirect policy, as an undici interceptor: an answer that redirects to another origin fails the
 * request before anything is sent there; a same-origin redirect passes on to whoever follows it (undici's
 * redirect interceptor for our ZenML requests, fetch for Octokit's).
 */
export const redirectPolicy: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const from = new URL(String(opts.path), String(opts.origin));
  const guarded: Dispatcher.DispatchHandler = {
    ...bind(handler),
    onResponseStart(controller, statusCode, headers, statusMessage) {
      const raw = headers['location'];
      const location = Array.isArray(raw) ? raw[0] : raw;
      if (statusCode >= 300 && statusCode < 400 && location !== undefined) {
        const to = URL.canParse(location, from.href) ? new URL(location, from) : undefined;
        if (to?.origin !== from.origin) {
          controller.abort(new RedirectRefusedError(statusCode, displayLocation(String(location), from.href), from.protocol === 'https:' && to?.protocol === 'http:'));
          return;
        }
      }
      handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
    },
  };
  return dispatch(opts, guarded);
};

/** The handler's own methods, bound, so that a copy of it forwards every event. */
function bind(handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
  const bound: Record<string, unknown> = {};
  for (const name of ['onRequestStart', 'onRequestUpgrade', 'onResponseData', 'onResponseEnd', 'onResponseError'] as const) {
    const method = handler[name] as ((...args: unknown[]) => unknown) | undefined;
    if (method) bound[name] = method.bind(handler);
  }
  return bound as Dispatcher.DispatchHandler;
}

/** The proxy settings from the environment (lower case wins, as curl and undici read them), validated. */
export function proxySettings(env: NodeJS.ProcessEnv): { httpProxy: string; httpsProxy: string; noProxy: string } {
  const read = (lower: string, upper: string): { name: string; value: string } => {
    const [name, value] = env[lower]?.trim() ? [lower, env[lower]] : env[upper]?.trim() ? [upper, env[upper]] : [upper, ''];
    // undici would reject it too, but with the URL, and any password in it, in the message.
    if (value && (!URL.canParse(value.trim()) || /[\r\n]/.test(value))) {
      throw new InputError(name, 'is not a proxy URL (expected e.g. http://proxy.example.com:3128)');
    }
    return { name, value: value.trim() };
  };
  return {
    httpProxy: read('http_proxy', 'HTTP_PROXY').value,
    httpsProxy: read('https_proxy', 'HTTPS_PROXY').value,
    noProxy: (env['no_proxy'] ?? env['NO_PROXY'] ?? '').trim(),
  };
}

/**
 * The proxy (as it may be shown) that a network error came from, when it came from connecting to one of
 * the environment's proxies rather than to the server: a dead proxy must not read as a dead server.
 */
export function proxyOfError(error: unknown, env: NodeJS.ProcessEnv): { variable: string; url: string } | undefined {
  const e = (error ?? {}) as { address?: unknown; hostname?: unknown; port?: unknown; cause?: unknown };
  const cause = (e.cause ?? {}) as typeof e;
  const settings = proxySettings(env);
  for (const [variable, value] of [['HTTPS_PROXY', settings.httpsProxy], ['HTTP_PROXY', settings.httpProxy]] as const) {
    if (!value) continue;
    const proxy = new URL(value);
    const port = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
    for (const candidate of [e, cause]) {
      const host = candidate.address ?? candidate.hostname;
      if (host === proxy.hostname && (candidate.port === undefined || candidate.port === port)) return { variable, url: displayLocation(value, value) };
    }
  }
  return undefined;
}

/** A dispatcher for one client: keep-alive, TLS, the environment's proxies, and the redirect policy. */
export function createDispatcher(options: DispatcherOptions = {}, env: NodeJS.ProcessEnv = process.env): Dispatcher {
  const tls = options.tls ? { rejectUnauthorized: options.tls.rejectUnauthorized, ...(options.tls.ca ? { ca: [...options.tls.ca] } : {}) } : undefined;
  const timeouts = options.timeoutMs ? { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs } : {};
  const agent = new EnvHttpProxyAgent({
    ...proxySettings(env),
    // http:// targets go through an http proxy as absolute-URI requests, https:// ones through a CONNECT tunnel.
    proxyTunnel: false,
    ...(tls ? { connect: tls, requestTls: tls } : {}),
    ...timeouts,
  });
  // The policy sits inside the follower, so it judges every hop the follower would take.
  return agent.compose(redirectPolicy, interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));
}
