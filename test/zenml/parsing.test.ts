import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { Redactor } from '../../src/core/redact.ts';
import { apiKeyForms, decodeApiKey } from '../../src/zenml/api-key.ts';
import { parseErrorBody } from '../../src/zenml/errors.ts';
import { utc } from '../../src/zenml/models.ts';
import { isLoopbackHost, parseServerUrl } from '../../src/zenml/server-url.ts';
import { parseVerifySsl } from '../../src/zenml/tls.ts';
import { parseRetryAfter } from '../../src/zenml/transport.ts';

// A real 0.58 key from the transcript (the server that issued it no longer exists).
const KEY_058 =
  'ZENKEY_eyJpZCI6ICJlMTA3ZDhlOS0yZDk5LTQ1YjItYWFlMy02Y2IxODA0MTk4NjAiLCAia2V5IjogIjQxNTUwNzhkMjFkMmVlYThlMzM0MzRlMDVhMzMxYjMyY2M0MTE3ODE2YjlhYmEzYTAzZGNiNDMwMzY2Y2IxYTcifQ==';
const compact = (id: string, key: string) => `ZENKEY_${Buffer.from(JSON.stringify({ id, key })).toString('base64')}`;

describe('error bodies, in every shape ZenML and proxies send', () => {
  it.each([
    ['ZenML exception', 404, 'application/json', '{"detail":["KeyError","\\"No service account with the \'x\' name or ID was found\\""]}', 'KeyError', "No service account with the 'x' name or ID was found"],
    ['plain detail', 401, 'application/json', '{"detail":"Not authenticated"}', undefined, 'Not authenticated'],
    ['bare array (422)', 422, 'application/json', '["ValueError","1 validation error for Request\\nbody -> name\\n  field required (type=value_error.missing)"]', 'ValueError', '1 validation error for Request body -> name field required (type=value_error.missing)'],
    ['FastAPI validation list', 422, 'application/json', '{"detail":[{"loc":["query","sort_by"],"msg":"bad column","type":"value_error"}]}', 'ValidationError', 'query.sort_by: bad column'],
    ['OAuth error', 400, 'application/json', '{"error":"authorization_pending","error_description":"not yet","error_uri":null}', 'authorization_pending', 'not yet'],
    ['rate limit', 429, 'application/json', '{"detail":"Minute request limit exceeded."}', undefined, 'Minute request limit exceeded.'],
    ['0.74 401', 401, 'application/json', '{"detail":["CredentialsNotValid","Authentication error: could not verify key value for API key ci"]}', 'CredentialsNotValid', 'Authentication error: could not verify key value for API key ci'],
    ['HTML from a proxy', 502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>', undefined, 'an HTML page: "502 Bad Gateway", not ZenML\'s JSON (a proxy or load balancer in front of the server?)'],
    ['empty body', 503, '', '', undefined, 'an empty answer (HTTP 503)'],
    ['plain text', 500, 'text/plain', 'Internal Server Error', undefined, "a non-JSON answer, not ZenML's JSON (a proxy or load balancer in front of the server?)"],
  ])('%s', (_name, status, contentType, text, exceptionClass, detail) => {
    const parsed = parseErrorBody(status, contentType, text);
    expect(parsed.exceptionClass).toBe(exceptionClass);
    expect(parsed.detail).toBe(detail);
  });
});

describe('API key decoding', () => {
  it('reads the key id from a 0.58 key (pydantic v1 spacing)', () => {
    expect(decodeApiKey(KEY_058)).toEqual({ keyId: 'e107d8e9-2d99-45b2-aae3-6cb180419860' });
  });
  it('reads the key id from a 0.74-or-later key (compact JSON)', () => {
    expect(decodeApiKey(compact('45edcd7f-cc01-4ad5-8561-e2577a7e3ec6', 'a'.repeat(64))).keyId).toBe('45edcd7f-cc01-4ad5-8561-e2577a7e3ec6');
  });
  it.each([
    ['no prefix', KEY_058.slice(7), 'must start with ZENKEY_'],
    ['cut short', KEY_058.slice(0, 100), 'not base64'],
    ['not JSON', `ZENKEY_${Buffer.from('hello world!').toString('base64')}`, 'not the JSON ZenML writes'],
    ['no id', `ZENKEY_${Buffer.from('{"key":"abc"}').toString('base64')}`, 'lacks the key id'],
    ['id not a UUID', compact('nope', 'abc'), 'lacks the key id'],
    ['empty', '', 'must start with ZENKEY_'],
  ])('rejects a malformed key: %s, without quoting it', (_name, key, message) => {
    let error: unknown;
    try {
      decodeApiKey(key, 'api-key');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message.startsWith('api-key: ')).toBe(true);
    if (key.length > 10) expect((error as Error).message).not.toContain(key.slice(7, 40));
  });
  it('lists the derived forms to hide: key, base64 body, secret', () => {
    const forms = apiKeyForms(KEY_058);
    expect(forms).toEqual([KEY_058, KEY_058.slice(7), '4155078d21d2eea8e33434e05a331b32cc4117816b9aba3a03dcb430366cb1a7']);
  });
});

describe('server URL', () => {
  const parse = (url: string, allowInsecureHttp = false) => parseServerUrl(url, { input: 'server-url', allowInsecureHttp });
  it.each([
    ['https://zenml.example.com/', 'https://zenml.example.com'],
    ['https://zenml.example.com/sub/path//', 'https://zenml.example.com/sub/path'],
    ['http://127.0.0.1:8237', 'http://127.0.0.1:8237'],
    ['http://127.1.2.3:8237', 'http://127.1.2.3:8237'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['  https://z.example.com  ', 'https://z.example.com'],
  ])('accepts %s', (input, expected) => expect(parse(input)).toBe(expected));
  it.each([
    ['', 'no ZenML server URL given'],
    ['zenml.example.com', 'is not a URL'],
    ['ftp://zenml.example.com', "'ftp:' is not supported"],
    ['http://zenml.example.com', 'refusing plain http://'],
    ['http://10.0.0.5', 'refusing plain http://'],
    ['http://localhost.evil.com', 'refusing plain http://'],
    ['https://user:pw@zenml.example.com', 'must not carry credentials'],
    ['https://zenml.example.com/?x=1', 'must have no query'],
  ])('rejects %j', (input, message) => {
    expect(() => parse(input)).toThrow(InputError);
    expect(() => parse(input)).toThrow(message);
  });
  it('allows http:// to a remote host only when asked', () => {
    expect(parse('http://zenml.internal:8080', true)).toBe('http://zenml.internal:8080');
  });
  it.each([
    ['localhost', true], ['127.0.0.1', true], ['127.255.0.9', true], ['::1', true], ['[::1]', true],
    ['128.0.0.1', false], ['localhost.', false], ['0.0.0.0', false], ['example.com', false],
  ])('loopback(%s) = %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected));
});

describe('ZENML_STORE_VERIFY_SSL', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  it.each([[undefined], [''], ['true'], ['True'], ['1']])('%j verifies with the system CAs', (value) => {
    expect(parseVerifySsl(value)).toEqual({ rejectUnauthorized: true });
  });
  it.each([['false'], ['False'], ['0']])('%j turns verification off', (value) => {
    expect(parseVerifySsl(value)).toEqual({ rejectUnauthorized: false });
  });
  it('takes PEM text and adds it to the roots', () => {
    const tls = parseVerifySsl(pem);
    expect(tls.rejectUnauthorized).toBe(true);
    expect(tls.ca?.at(-1)).toBe(pem.trim());
    expect(tls.ca!.length).toBeGreaterThan(1);
  });
  it('names an unreadable path', () => {
    expect(() => parseVerifySsl('/nonexistent/ca.pem')).toThrow("ZENML_STORE_VERIFY_SSL: expected true, false, PEM text or a CA bundle file; cannot read '/nonexistent/ca.pem' (ENOENT)");
  });
});

describe('small helpers', () => {
  it('marks naive ZenML timestamps as UTC', () => {
    expect(utc('2026-11-22T13:38:53.220412')).toBe('2026-11-22T13:38:53.220412Z');
    expect(utc('2026-11-22T13:38:53Z')).toBe('2026-11-22T13:38:53Z');
    expect(utc(null)).toBeNull();
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 13:43:27 GMT', Date.parse('Sun, 22 Nov 2026 13:43:20 GMT'))).toBe(7000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
  it('redacts secrets and their URL-encoded forms, longest first', () => {
    const r = new Redactor();
    r.add('ab', 'secret==', 'secret==more');
    expect(r.redact('x secret==more y secret%3D%3D z ab')).toBe('x *** y *** z ab');
  });
});
