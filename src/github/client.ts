import type { Octokit } from '@octokit/core';
import type { ThrottlingOptions } from '@octokit/plugin-throttling';
import { createDispatcher, RedirectRefusedError } from '../core/dispatcher.js';
import { InputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { urlForDisplay } from '../core/url-display.js';
import { isLoopbackHost } from '../zenml/server-url.js';

/** The Octokit of @actions/github: `request` is all the secrets code calls. */
export type GitHubOctokit = Octokit;

/** How to reach GitHub. */
export interface GitHubClientOptions {
  /** A token that may write secrets (never logged, never in an error). */
  readonly token: string;
  /** API base URL: `https://api.github.com`, GHES `https://HOST/api/v3`. Always explicit: nothing here reads GITHUB_API_URL. */
  readonly baseUrl: string;
  readonly logger: Logger;
  /** Milliseconds per second of waiting (retry-after, backoff, write spacing); 1000 in production, ~1 in tests. */
  readonly timeScaleMs?: number | undefined;
  /** Retries of a request after a 5xx, a network error or a rate limit (default 3). */
  readonly maxRetries?: number | undefined;
  /** Longest rate-limit wait, in seconds, that is worth waiting for (default 15 minutes). */
  readonly maxRateLimitWaitSeconds?: number | undefined;
  readonly userAgent?: string | undefined;
}

export const GITHUB_API_VERSION = '2022-11-28';

/**
 * Validates an API base URL and drops a trailing slash. `http://` is refused unless the host is loopback or
 * insecure HTTP was allowed: the token would cross the network in clear.
 */
export function normalizeBaseUrl(raw: string, options: { readonly allowInsecureHttp: boolean }): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InputError('github-api-url', `'${urlForDisplay(raw)}' is not a URL (expected e.g. https://api.github.com or https://HOST/api/v3)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('github-api-url', `'${urlForDisplay(raw)}' must be an http(s) URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError('github-api-url', 'must not contain credentials; pass the token as github-token');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.allowInsecureHttp) {
    throw new InputError('github-api-url', `refusing plain http:// to '${url.hostname}': the GitHub token would cross the network unencrypted; use https:// (or allow insecure HTTP explicitly)`);
  }
  return trimmed;
}

/**
 * Builds @actions/github's Octokit with retry (5xx, network errors) and throttling (rate limits, honouring
 * retry-after; writes spaced one "second" apart). The modules are loaded here, not at import. Requests go
 * through undici's fetch on our dispatcher (src/core/dispatcher.ts): the environment's proxy judged against
 * the API host, the redirect policy, and keep-alive connections.
 */
export async function createGitHubClient(options: GitHubClientOptions): Promise<GitHubOctokit> {
  if (options.token.trim() === '') {
    throw new InputError('github-token', 'is empty: pass a fine-grained PAT or GitHub App token with Secrets: write');
  }
  // Checked where it was read, against allow-insecure-http; here only its shape.
  const baseUrl = normalizeBaseUrl(options.baseUrl, { allowInsecureHttp: true });
  const dispatcher = createDispatcher();
  const [{ getOctokit }, { retry }, { throttling }, { fetch }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
    import('undici'),
  ]);
  const scale = options.timeScaleMs ?? 1000;
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 15 * 60;
  const { logger } = options;

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      if (retryCount >= maxRetries || retryAfter > maxWait) {
        logger.warning(`GitHub ${kind} on ${request.method} ${request.url}; giving up after ${retryCount} retries`);
        return false;
      }
      logger.warning(`GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
      return true;
    };

  // @actions/github's own fetch would reach GitHub through @actions/http-client's proxy agent; ours sends
  // through the dispatcher both clients share. It adds the runner's orchestration id to the user agent.
  const octokit = getOctokit(
    options.token,
    {
    baseUrl,
    request: { fetch: (url: string, init: RequestInit) => fetch(url, { ...(init as object), dispatcher } as Parameters<typeof fetch>[1]) },
    userAgent: options.userAgent ?? 'zenml-service-account-action',
    log: {
      debug: (m: string) => logger.debug(m),
      info: (m: string) => logger.debug(m),
      warn: (m: string) => logger.debug(m),
      error: (m: string) => logger.debug(m),
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
    },
    githubDefaults,
    throttling,
    retry,
  );
  return octokit as unknown as GitHubOctokit;
}

/** The redirect refusal behind a failed request (Octokit wraps fetch's TypeError, which wraps it), if any. */
function redirectRefusal(error: unknown): RedirectRefusedError | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof RedirectRefusedError) return e;
  }
  return undefined;
}

/**
 * Pins the API version (Octokit has no option for default headers) and marks bare 429s, whose
 * message the throttling plugin does not recognise as a rate limit, so that it waits (honouring
 * retry-after) instead of failing at once. Registered first, so it runs inside the other plugins.
 */
function githubDefaults(octokit: Octokit): void {
  octokit.hook.wrap('request', async (request, options) => {
    options.headers = { ...options.headers, 'x-github-api-version': GITHUB_API_VERSION };
    try {
      return await request(options);
    } catch (error) {
      // A refused redirect is a setting to fix, not a failure to retry: a plain error passes the retry plugin.
      const refused = redirectRefusal(error);
      if (refused) throw new Error(`GitHub ${options.method} ${options.url}: ${refused.message.replace('set the URL', 'set github-api-url')}`);
      const e = error as { status?: unknown; message?: unknown; response?: { headers?: Record<string, unknown> } };
      if (
        e.status === 429 &&
        typeof e.message === 'string' &&
        !/\bsecondary rate\b/i.test(e.message) &&
        e.response?.headers?.['x-ratelimit-remaining'] !== '0'
      ) {
        e.message = `${e.message} (secondary rate limit)`;
      }
      throw error;
    }
  });
}

type Group = NonNullable<ThrottlingOptions['write']>;

/** The job of a Bottleneck `schedule([options,] fn, ...args)` call: a thunk, and the arguments it passes. */
function jobOf<T>(args: unknown[]): { run: () => Promise<T>; args: unknown[] } {
  const fnIndex = typeof args[0] === 'function' ? 0 : 1;
  const fn = args[fnIndex] as (...rest: unknown[]) => Promise<T>;
  const rest = args.slice(fnIndex + 1);
  return { run: () => fn(...rest), args: rest };
}

/**
 * A stand-in for a Bottleneck group that spaces job starts `minTimeMs` apart, as the plugin's write group
 * does. The plugin only calls `key()` and the limiter's `schedule`.
 */
function spacedGroup(minTimeMs: number): Group {
  let chain: Promise<unknown> = Promise.resolve();
  let lastStart = 0;
  const limiter = {
    schedule<T>(...args: unknown[]): Promise<T> {
      const run = chain.then(async () => {
        const wait = lastStart + minTimeMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        lastStart = Date.now();
      });
      chain = run;
      return run.then(jobOf<T>(args).run);
    },
  };
  return { key: () => limiter } as unknown as Group;
}

// The plugin reads `global` and `retryLimiter` from its options like the documented `write` group (they are
// fields of its state, pinned with the plugin's version); a plugin that ignored them would fall back to its
// own Bottleneck queues, slower but the same. Bottleneck moves every job through several timer turns, ~5 ms
// per queue per request, on the critical path of each write.

/** A stand-in for the plugin's global group (10 requests at once): ours never run more than 10 at once. */
function passThroughGroup(): Group {
  const limiter = { schedule: <T>(...args: unknown[]): Promise<T> => Promise.resolve().then(jobOf<T>(args).run) };
  return { key: () => limiter } as unknown as Group;
}

type FailedListener = (error: unknown, info: { args: unknown[]; retryCount: number }) => unknown;

/**
 * A stand-in for the plugin's retry limiter, with Bottleneck's retry rule: when a job fails, the 'failed'
 * listener (the plugin's rate-limit handler) returns how many ms to wait before running it again, or
 * nothing to let the error through.
 */
function retryingLimiter(): unknown {
  const listeners: FailedListener[] = [];
  return {
    on(event: string, listener: FailedListener): void {
      if (event === 'failed') listeners.push(listener);
    },
    async schedule<T>(...args: unknown[]): Promise<T> {
      const job = jobOf<T>(args);
      for (let retryCount = 0; ; retryCount++) {
        try {
          return await job.run();
        } catch (error) {
          let wait: unknown;
          for (const listener of listeners) wait = (await listener(error, { args: job.args, retryCount })) ?? wait;
          if (typeof wait !== 'number') throw error;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    },
  };
}
