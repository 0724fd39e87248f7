// How GitHub requests meet a proxy: what happens where Node cannot apply one.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { useProxyFromEnv } from '../../src/core/proxy.ts';

const PROXY_PASSWORD = 'p@ss/w0rd-of-the-proxy';

describe('useProxyFromEnv where Node cannot apply the proxy', () => {
  const proxy = 'http://proxy.example.com:3128';
  const olderNode = { version: 'v24.4.0' };
  const refuse = () => {
    throw new Error('must not be reached');
  };

  it.each([
    ['HTTPS_PROXY', { HTTPS_PROXY: proxy }],
    ['https_proxy', { https_proxy: proxy, HTTPS_PROXY: proxy }],
    ['HTTP_PROXY', { HTTP_PROXY: proxy, NO_PROXY: 'github.com' }],
    ['http_proxy', { http_proxy: proxy }],
  ])('a Node without http.setGlobalProxyFromEnv and %s set: fails, naming the variable and the Node version', (name, env) => {
    expect(() => useProxyFromEnv(env, olderNode)).toThrow(
      new InputError(name, 'is set, but Node.js v24.4.0 cannot send requests through a proxy (that needs Node.js 24.14.0 or later): update the runner, or Node.js'),
    );
  });

  it.each([
    ['no variable', {}],
    ['only NO_PROXY', { NO_PROXY: '*' }],
    ['empty proxy variables', { HTTPS_PROXY: '', http_proxy: '' }],
  ])('%s: nothing to apply, so an older Node is fine', (_what, env) => {
    expect(() => useProxyFromEnv(env, olderNode)).not.toThrow();
  });

  it.each([
    ['HTTPS_PROXY', { HTTPS_PROXY: `http://ci:${encodeURIComponent(PROXY_PASSWORD)}@proxy example.com:3128` }],
    ['http_proxy', { https_proxy: proxy, http_proxy: 'proxy.example.com:3128\r\nX: y' }],
  ])('a malformed %s: fails naming it, without the URL or the password in it', (name, env) => {
    let error: unknown;
    try {
      useProxyFromEnv(env, { version: 'v24.21.0', setGlobalProxyFromEnv: refuse });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${name}: is not a proxy URL (expected e.g. http://proxy.example.com:3128)`);
  });
});
