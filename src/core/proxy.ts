import * as http from 'node:http';
import { InputError } from './errors.js';

/** What {@link useProxyFromEnv} needs from Node; tests pass an older Node's. */
export interface ProxyRuntime {
  readonly version: string;
  readonly setGlobalProxyFromEnv?: ((env: NodeJS.ProcessEnv) => () => void) | undefined;
}

const nodeRuntime = (): ProxyRuntime => ({
  version: process.version,
  // Absent before Node 24.14.0 / 25.4.0, whatever @types/node says.
  setGlobalProxyFromEnv: (http as Partial<typeof http>).setGlobalProxyFromEnv,
});

let applied = false;

/**
 * Sends global `fetch` (and `http(s).request`) through `https_proxy`/`http_proxy` (or upper case; lower case
 * wins), except to `no_proxy` hosts, when a proxy variable is set. Node applies these variables by itself only
 * with NODE_USE_ENV_PROXY=1 at startup, which the runner does not set. http.setGlobalProxyFromEnv swaps the
 * process-wide fetch dispatcher and global agents, so it runs once, before the first request that needs it.
 * A configured proxy is never skipped: on a Node without that function this fails instead.
 */
export function useProxyFromEnv(env: NodeJS.ProcessEnv = process.env, runtime: ProxyRuntime = nodeRuntime()): void {
  if (applied) return;
  // The variable Node uses for each scheme; for https targets it falls back to http_proxy.
  const pairs = [
    ['https_proxy', 'HTTPS_PROXY'],
    ['http_proxy', 'HTTP_PROXY'],
  ] as const;
  const used = pairs.flatMap(([lower, upper]) => (env[lower] ? [lower] : env[upper] ? [upper] : []));
  if (used.length === 0) return;
  if (runtime.setGlobalProxyFromEnv === undefined) {
    throw new InputError(
      used[0]!,
      `is set, but Node.js ${runtime.version} cannot send requests through a proxy (that needs Node.js 24.14.0 or later): update the runner, or Node.js`,
    );
  }
  for (const name of used) {
    const value = env[name]!;
    // Node would reject it too, but with the URL, and any password in it, in the message.
    if (!URL.canParse(value) || /[\r\n]/.test(value)) {
      throw new InputError(name, 'is not a proxy URL (expected e.g. http://proxy.example.com:3128)');
    }
  }
  runtime.setGlobalProxyFromEnv(env);
  applied = true;
}
