import { isIP } from 'node:net';
import { InputError } from '../core/errors.js';
import { urlForDisplay } from '../core/url-display.js';

/** True for the hosts PRODUCT.md calls loopback: `localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Validates a ZenML server URL and returns it without a trailing slash (ZenML answers 404 to
 * trailing-slash routes). `http://` is refused unless the host is loopback or insecure HTTP was allowed.
 */
export function parseServerUrl(raw: string, options: { input: string; allowInsecureHttp: boolean }): string {
  const { input } = options;
  const text = raw.trim();
  if (text === '') throw new InputError(input, 'no ZenML server URL given; expected https://HOST[:PORT][/PATH]');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(input, `'${urlForDisplay(text)}' is not a URL; expected https://HOST[:PORT][/PATH]`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(input, `'${url.protocol}' is not supported; expected an https:// URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError(input, 'the URL must not carry credentials; give an API key or a username and password instead');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InputError(input, `'${url.origin}${url.pathname}' must have no query or fragment`);
  }
  if (/\/api\/v1\/?$/.test(url.pathname)) {
    // The client adds /api/v1 itself; the server would answer 404 to /api/v1/api/v1/login.
    const root = `${url.origin}${url.pathname.replace(/\/api\/v1\/?$/, '')}`;
    throw new InputError(input, `'${text}' ends in /api/v1, which is added to every request: give the server's root URL, ${root}`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.allowInsecureHttp) {
    throw new InputError(
      input,
      `refusing plain http:// to '${url.hostname}': keys would cross the network unencrypted; use https:// (or allow insecure HTTP explicitly)`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
