// The liar itself: it forwards faithfully, and each lie does what the hostile cases rely on.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startFakeZenml } from '../../fakes/zenml-server.ts';
import { startLiar } from './liar.ts';
import { everyForm, formEncode, injected, rewriteFields } from './payloads.ts';
import { commandLines, isForeignCommand } from './world.ts';

async function call(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, { method: init.method ?? 'GET', ...(init.body === undefined ? {} : { body: init.body }), headers: init.headers ?? {} });
  return { status: res.status, text: await res.text() };
}

describe('the liar', () => {
  it('forwards untouched when no rule matches, and logs every request', async () => {
    const zenml = await startFakeZenml();
    const liar = await startLiar(zenml.url);
    try {
      const direct = await call(`${zenml.url}/api/v1/info`);
      const relayed = await call(`${liar.url}/api/v1/info`);
      expect(relayed).toEqual(direct);
      expect(liar.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/info']);
    } finally {
      await Promise.all([liar.close(), zenml.close()]);
    }
  });

  it('rewrites the chosen fields, skips and counts', async () => {
    const zenml = await startFakeZenml();
    const liar = await startLiar(zenml.url);
    try {
      liar.lie({ path: /info/, skip: 1, times: 1, lie: { kind: 'rewrite', edit: (json) => rewriteFields(json, ['version'], (v) => injected(v)) } });
      const versions = [];
      for (let i = 0; i < 3; i++) versions.push((JSON.parse((await call(`${liar.url}/api/v1/info`)).text) as { version: string }).version);
      expect(versions[0]).toBe(zenml.version);
      expect(versions[1]).toContain('\n::save-state name=ephemeral-key-id::');
      expect(versions[2]).toBe(zenml.version);
      expect(commandLines(versions[1]!).length).toBeGreaterThanOrEqual(5);
    } finally {
      await Promise.all([liar.close(), zenml.close()]);
    }
  });

  it('echoes the body and headers in every encoding, without forwarding', async () => {
    const zenml = await startFakeZenml();
    const liar = await startLiar(zenml.url);
    try {
      liar.lie({ method: 'POST', path: /login/, lie: { kind: 'echo', status: 401 } });
      const secret = "pa ss!'()~";
      const answer = await call(`${liar.url}/api/v1/login`, { method: 'POST', body: `password=${formEncode(secret)}`, headers: { authorization: 'Bearer tok-en-value' } });
      expect(answer.status).toBe(401);
      const detail = (JSON.parse(answer.text) as { detail: string }).detail;
      for (const form of [...everyForm(secret), ...everyForm('tok-en-value')]) expect(detail).toContain(form);
      expect(zenml.requests).toEqual([]);
    } finally {
      await Promise.all([liar.close(), zenml.close()]);
    }
  });

  it('answers 2xx without the body after the server applied the request, and stalls until the client leaves', async () => {
    const zenml = await startFakeZenml();
    const liar = await startLiar(zenml.url);
    try {
      liar.lie({ path: /info/, times: 1, lie: { kind: 'empty' } });
      expect(await call(`${liar.url}/api/v1/info`)).toEqual({ status: 200, text: '' });
      expect(zenml.requests.length).toBe(1);
      liar.lie({ path: /health/, lie: { kind: 'stall' } });
      const closed = await new Promise<string>((resolve) => {
        const req = request(`${liar.url}/health`, () => resolve('answered'));
        req.on('error', () => resolve('gave up'));
        setTimeout(() => req.destroy(new Error('client gives up')), 50);
        req.end();
      });
      expect(closed).toBe('gave up');
      expect(zenml.requests.map((r) => r.path)).toEqual(['/api/v1/info', '/health']);
    } finally {
      await Promise.all([liar.close(), zenml.close()]);
    }
  });
});

it('commandLines finds what the runner would run: `::` after leading whitespace, `##[` anywhere, lines split at \\r', () => {
  expect(commandLines('a\n::x::y\n  ::z::w\rq ##[set-output name=a;]b\r\n\\::no')).toEqual(['::x::y', '  ::z::w', 'q ##[set-output name=a;]b']);
});

it('isForeignCommand tells our commands from injected ones', () => {
  const ours = ['::add-mask::abc', '::error::failed: ::set-output name=x::PWNED', '::debug::x', '::warning title=a::b'];
  const foreign = ['::set-output name=api-key::PWNED', '  ::error::indented', '::add-mask::PWNED', '::warning title=PWNED::x', 'a ##[save-state name=x]y', '::stop-commands::t'];
  expect(ours.filter((l) => isForeignCommand(l, ['PWNED']))).toEqual([]);
  expect(foreign.filter((l) => !isForeignCommand(l, ['PWNED']))).toEqual([]);
});
