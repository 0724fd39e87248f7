const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/** Node's built-in proxy support for `http.Agent` (`proxyEnv`) arrived in 24.5. */
const AGENT_PROXY_SINCE: readonly [number, number] = [24, 5];

/**
 * The environment to hand to Node's agents when a proxy variable is set, else undefined. Fails on a Node
 * too old to use a proxy: silently going around one would only end in a puzzling connection error.
 */
export function checkProxySupport(env: NodeJS.ProcessEnv, version = process.versions.node, since = AGENT_PROXY_SINCE): NodeJS.ProcessEnv | undefined {
  const set = PROXY_VARIABLES.find((name) => (env[name] ?? '').trim() !== '');
  if (set === undefined) return undefined;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < since[0] || (major === since[0] && minor < since[1])) {
    throw new Error(`${set} is set, but Node ${version} cannot use a proxy (that needs Node ${since.join('.')} or later): update the runner, or run the CLI on a newer Node`);
  }
  return env;
}
