// A proxy that is down (issue 15): the error names the proxy and the variable it came from, not the ZenML
// server, through the bundled CLI and action. Its userinfo is never shown.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { runStep } from '../action/harness.ts';
import { expectError, runCli, startWorld, type World } from './harness.ts';

let world: World | undefined;
afterEach(async () => void (await world?.close()));

/** A loopback port that nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

it('CLI: a dead HTTP_PROXY is named, with its userinfo hidden, and the server is not blamed', async () => {
  world = await startWorld();
  const port = await deadPort();
  const run = await runCli(['login', world.zenml.url, '--api-key', world.adminKey], { HTTP_PROXY: `http://ci:s3cret@127.0.0.1:${port}`, NO_PROXY: '' });
  expectError(run, 1, new RegExp(`could not reach the proxy http://\\*\\*\\*@127\\.0\\.0\\.1:${port}/ \\(HTTP_PROXY\\): ECONNREFUSED`));
  expect(run.stderr).not.toContain('s3cret');
  expect(run.stderr).not.toContain('is the server running');
  expect(world.zenml.requests).toHaveLength(0);
});

it('action: a dead https_proxy in front of an http server is not used; a dead http_proxy is named', async () => {
  world = await startWorld();
  const port = await deadPort();
  const key = world.adminKey;
  const fine = await runStep({ 'server-url': world.zenml.url, 'api-key': key }, { env: { https_proxy: `http://127.0.0.1:${port}`, NO_PROXY: '' } });
  expect(fine.code, fine.stdout).toBe(0);
  const dead = await runStep({ 'server-url': world.zenml.url, 'api-key': key }, { env: { http_proxy: `http://127.0.0.1:${port}`, NO_PROXY: '' } });
  expect(dead.code).toBe(1);
  expect(dead.stdout).toMatch(new RegExp(`^::error::.*could not reach the proxy http://127\\.0\\.0\\.1:${port}/ \\(HTTP_PROXY\\)`, 'm'));
});
