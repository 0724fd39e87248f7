import * as http from 'node:http';
import { InputError } from './errors.js';

// Proxies come from the runner's variables: https_proxy/http_proxy/no_proxy, or upper case (lower case wins).
// Node applies them by itself only with NODE_USE_ENV_PROXY=1 at startup, which the runner does not set, so
// we hand them over: to our ZenML agents (`proxyEnv`, Node ≥ 24.5) and to global fetch, which Octokit uses
// (`http.setGlobalProxyFromEnv`, Node ≥ 24.14). A configured proxy is never skipped: on a Node that cannot
// use it, this fails with one line instead of ending in a puzzling connection error.

/** What the proxy set-up needs from Node; tests pass an older Node's. */
export interface ProxyRuntime {
  readonly version: string;
  readonly setGlobalProxyFromEnv?: ((env: NodeJS.ProcessEnv) => () => void) | undefined;
}

const nodeRuntime = (): ProxyRuntime => ({
  version: process.version,
  // Absent before Node 24.14.0 / 25.4.0, whatever @types/node says.
  setGlobalProxyFromEnv: (http as Partial<typeof http>).setGlobalProxyFromEnv,
});

/** The proxy variables that are set, the one Node uses per scheme (for https it falls back to http_proxy). */
function proxyVariables(env: NodeJS.ProcessEnv): string[] {
  const pairs = [
    ['https_proxy', 'HTTPS_PROXY'],
    ['http_proxy', 'HTTP_PROXY'],
  ] as const;
  const used = pairs.flatMap(([lower, upper]) => (env[lower]?.trim() ? [lower] : env[upper]?.trim() ? [upper] : []));
  for (const name of used) {
    const value = env[name]!;
    // Node would reject it too, but with the URL, and any password in it, in the message.
    if (!URL.canParse(value) || /[\r\n]/.test(value)) {
      throw new InputError(name, 'is not a proxy URL (expected e.g. http://proxy.example.com:3128)');
    }
  }
  return used;
}

function tooOld(variable: string, runtime: ProxyRuntime, needs: string): InputError {
  return new InputError(variable, `is set, but Node.js ${runtime.version} cannot send requests through a proxy (that needs Node.js ${needs} or later): update the runner, or Node.js`);
}

/** The environment for a Node agent's `proxyEnv` when a proxy variable is set, else undefined. */
export function agentProxyEnv(env: NodeJS.ProcessEnv = process.env, runtime: ProxyRuntime = nodeRuntime()): NodeJS.ProcessEnv | undefined {
  const used = proxyVariables(env);
  if (used.length === 0) return undefined;
  const [major = 0, minor = 0] = runtime.version.replace(/^v/, '').split('.').map(Number);
  if (major < 24 || (major === 24 && minor < 5)) throw tooOld(used[0]!, runtime, '24.5.0');
  return env;
}

let applied = false;

/**
 * Sends global `fetch` through the proxy when a proxy variable is set. http.setGlobalProxyFromEnv swaps the
 * process-wide fetch dispatcher and global agents, so it runs once, before the first request that needs it.
 */
export function useProxyFromEnv(env: NodeJS.ProcessEnv = process.env, runtime: ProxyRuntime = nodeRuntime()): void {
  if (applied) return;
  const used = proxyVariables(env);
  if (used.length === 0) return;
  if (runtime.setGlobalProxyFromEnv === undefined) throw tooOld(used[0]!, runtime, '24.14.0');
  runtime.setGlobalProxyFromEnv(env);
  applied = true;
}
