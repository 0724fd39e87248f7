import { InputError } from './errors.js';

// Proxies come from the runner's variables: https_proxy/http_proxy/no_proxy, or upper case (lower case wins).
// Node applies them by itself only with NODE_USE_ENV_PROXY=1 at startup, which the runner does not set, so
// we hand them to our agents (`proxyEnv`, Node ≥ 24.5; src/core/http.ts). A configured proxy is never
// skipped: on a Node that cannot use it, this fails with one line instead of ending in a puzzling
// connection error.

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

/** The environment for a Node agent's `proxyEnv` when a proxy variable is set, else undefined. */
export function agentProxyEnv(env: NodeJS.ProcessEnv, version = process.version): NodeJS.ProcessEnv | undefined {
  const used = proxyVariables(env);
  if (used.length === 0) return undefined;
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major < 24 || (major === 24 && minor < 5)) {
    throw new InputError(used[0]!, `is set, but Node.js ${version} cannot send requests through a proxy (that needs Node.js 24.5.0 or later): update the runner, or Node.js`);
  }
  return env;
}
