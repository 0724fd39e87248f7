// How the bundled action reaches GitHub: through HTTPS_PROXY / HTTP_PROXY (a CONNECT tunnel for https,
// absolute-URI requests for http), around the proxy for NO_PROXY hosts, with the proxy's credentials, and
// with the runner's orchestration id in the user agent. Then how the proxy variables are read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { proxySettings } from '../../src/core/dispatcher.ts';
import { expectNoLeak, runStep } from '../action/harness.ts';
import { ADMIN_PASSWORD, adminInputs, GITHUB_TOKEN } from '../action/world.ts';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.ts';
import { startFakeZenml, type FakeZenml } from '../fakes/zenml-server.ts';
import { startProxy, type ForwardProxy } from '../matrix/support/proxy.ts';

const tlsDir = new URL('../fixtures/tls/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, tlsDir), 'utf8');
const PROXY_PASSWORD = 'p@ss/w0rd-of-the-proxy';

interface World {
  readonly zenml: FakeZenml;
  readonly github: FakeGitHub;
  readonly proxy: ForwardProxy;
}

/** A plain-http ZenML, a GitHub over https (test CA) or http, and a forward proxy, all on loopback. */
async function withWorld(tls: boolean, test: (world: World) => Promise<void>): Promise<void> {
  const [zenml, github, proxy] = await Promise.all([
    startFakeZenml({ adminName: 'admin', adminPassword: ADMIN_PASSWORD }),
    startFakeGitHub({ token: GITHUB_TOKEN, repositories: ['acme/app'], ...(tls ? { tls: { key: read('server-key.pem'), cert: read('server.pem') } } : {}) }),
    startProxy(),
  ]);
  try {
    await test({ zenml, github, proxy });
  } finally {
    await Promise.all([zenml.close(), github.close(), proxy.close()]);
  }
}

/** `create` with a secret written to acme/app; the step must succeed and the secret hold the exported key. */
async function createAndStore(world: World, env: Record<string, string>) {
  // The runner's node trusts the test CA the way a self-hosted runner trusts a GHES CA.
  const run = await runStep(adminInputs(world, { command: 'create', 'service-account': 'ci-deployer' }), {
    env: { NODE_EXTRA_CA_CERTS: new URL('ca.pem', tlsDir).pathname, ...env },
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const key = run.env['ZENML_STORE_API_KEY'];
  expect(key).toMatch(/^ZENKEY_/);
  expect(world.github.secret('repository:acme/app', 'ZENML_STORE_API_KEY')?.plaintext).toBe(key);
  expectNoLeak(run, [ADMIN_PASSWORD, GITHUB_TOKEN, PROXY_PASSWORD], { exportedKey: key! });
  return run;
}

const hostOf = (url: string) => new URL(url).host;
// run-step sets NO_PROXY=127.0.0.1,localhost unless told otherwise; the fakes live on 127.0.0.1.
const NO_BYPASS = { NO_PROXY: '', no_proxy: '' };

describe.concurrent('GitHub through a proxy (bundled action)', () => {
  it('https GitHub with HTTPS_PROXY: every GitHub connection is a CONNECT tunnel through the proxy', async () => {
    await withWorld(true, async (world) => {
      await createAndStore(world, { HTTPS_PROXY: world.proxy.url, https_proxy: world.proxy.url, ...NO_BYPASS });
      // ZenML is plain http and http_proxy is unset, so only GitHub's tunnels show.
      expect(world.proxy.seen.length).toBeGreaterThan(0);
      expect(new Set(world.proxy.seen)).toEqual(new Set([`CONNECT ${hostOf(world.github.url)}`]));
      expect(world.github.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
    });
  });

  it('http GitHub (a GHES without TLS) with HTTP_PROXY: absolute-URI requests through the proxy, ZenML too', async () => {
    await withWorld(false, async (world) => {
      await createAndStore(world, { HTTP_PROXY: world.proxy.url, http_proxy: world.proxy.url, ...NO_BYPASS });
      const viaProxy = (url: string) => world.proxy.seen.filter((line) => line.split(' ')[1]?.startsWith(`${new URL(url).origin}/`));
      expect(viaProxy(world.github.url)).toEqual(['GET /repos/acme/app/actions/secrets/public-key', 'PUT /repos/acme/app/actions/secrets/ZENML_STORE_API_KEY'].map((r) => r.replace(' ', ` ${world.github.url}`)));
      expect(viaProxy(world.zenml.url).length).toBeGreaterThan(0);
      expect(viaProxy(world.github.url).length + viaProxy(world.zenml.url).length).toBe(world.proxy.seen.length);
    });
  });

  it('NO_PROXY naming the GitHub host: the proxy sees nothing', async () => {
    await withWorld(true, async (world) => {
      const proxy = world.proxy.url;
      await createAndStore(world, { HTTPS_PROXY: proxy, https_proxy: proxy, HTTP_PROXY: proxy, http_proxy: proxy, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' });
      expect(world.proxy.seen).toEqual([]);
      expect(world.github.requests.length).toBeGreaterThan(0);
    });
  });

  it('credentials in the proxy URL reach the proxy, decoded, as Basic auth, and nowhere else', async () => {
    await withWorld(true, async (world) => {
      const url = new URL(world.proxy.url);
      url.username = encodeURIComponent('ci@acme');
      url.password = encodeURIComponent(PROXY_PASSWORD);
      await createAndStore(world, { https_proxy: url.toString(), ...NO_BYPASS });
      expect(world.proxy.seen.length).toBeGreaterThan(0);
      const basic = `Basic ${Buffer.from(`ci@acme:${PROXY_PASSWORD}`).toString('base64')}`;
      expect(new Set(world.proxy.authorizations)).toEqual(new Set([basic]));
    });
  });
});

describe('the GitHub user agent (bundled action)', () => {
  it("carries the runner's orchestration id, made safe, as @actions/github sends it", async () => {
    await withWorld(false, async (world) => {
      await createAndStore(world, { ACTIONS_ORCHESTRATION_ID: ' 4242-1/build job ' });
      expect(world.github.requests.length).toBeGreaterThan(0);
      for (const r of world.github.requests) {
        expect(r.headers['user-agent']).toMatch(/^zenml-service-account-action actions_orchestration_id\/4242-1_build_job octokit-core\.js\/\S+ /);
      }
    });
  });

  it('has no orchestration id when the runner gives none', async () => {
    await withWorld(false, async (world) => {
      await createAndStore(world, {});
      expect(world.github.requests[0]?.headers['user-agent']).toMatch(/^zenml-service-account-action octokit-core\.js\//);
    });
  });
});

describe('proxySettings: the proxy for both clients', () => {
  const proxy = 'http://proxy.example.com:3128';

  it('reads lower case before upper case, and falls back to nothing', () => {
    expect(proxySettings({ https_proxy: proxy, HTTPS_PROXY: 'http://other:1', NO_PROXY: 'internal' })).toEqual({ httpProxy: '', httpsProxy: proxy, noProxy: 'internal' });
    expect(proxySettings({ HTTP_PROXY: ` ${proxy} `, http_proxy: '  ' })).toEqual({ httpProxy: proxy, httpsProxy: '', noProxy: '' });
  });

  it.each([
    ['HTTPS_PROXY', { HTTPS_PROXY: `http://ci:${encodeURIComponent(PROXY_PASSWORD)}@proxy example.com:3128` }],
    ['http_proxy', { https_proxy: proxy, http_proxy: 'proxy.example.com:3128\r\nX: y' }],
  ])('a malformed %s: fails naming it, without the URL or the password in it', (name, env) => {
    let error: unknown;
    try {
      proxySettings(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${name}: is not a proxy URL (expected e.g. http://proxy.example.com:3128)`);
  });
});
