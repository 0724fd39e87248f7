import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  MAX_SECRET_VALUE_BYTES,
  describeTarget,
  parseSecretTargets,
  validateSecretName,
  validateSecretValue,
  type TargetInputs,
} from '../../src/github/targets.ts';

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('validateSecretName', () => {
  it.each([
    ['ZENML_STORE_API_KEY', 'ZENML_STORE_API_KEY'],
    ['zenml_key', 'ZENML_KEY'],
    ['_private', '_PRIVATE'],
    ['  Key2  ', 'KEY2'],
    ['A', 'A'],
  ])('accepts %j as %s', (raw, expected) => {
    expect(validateSecretName(raw)).toBe(expected);
  });

  it.each([
    ['', 'is empty'],
    ['1KEY', 'not a valid secret name'],
    ['MY-KEY', 'not a valid secret name'],
    ['MY KEY', 'not a valid secret name'],
    ['KEY.X', 'not a valid secret name'],
    ['SCHLÜSSEL', 'not a valid secret name'],
    ['GITHUB_TOKEN', 'starts with GITHUB_'],
    ['github_key', 'starts with GITHUB_'],
    ['GitHub_Key', 'starts with GITHUB_'],
  ])('rejects %j', (raw, message) => {
    const error = inputErrorOf(() => validateSecretName(raw));
    expect(error.input).toBe('secret-name');
    expect(error.message).toContain(message);
  });
});

describe('validateSecretValue', () => {
  it('accepts the largest safe value, counted in UTF-8 bytes', () => {
    expect(() => validateSecretValue('a'.repeat(MAX_SECRET_VALUE_BYTES))).not.toThrow();
    expect(() => validateSecretValue('é'.repeat(MAX_SECRET_VALUE_BYTES / 2))).not.toThrow();
  });
  it.each([
    ['one byte too many', 'a'.repeat(MAX_SECRET_VALUE_BYTES + 1)],
    ['two-byte characters', 'é'.repeat(MAX_SECRET_VALUE_BYTES / 2 + 1)],
    ['64 KB', 'x'.repeat(65_536)],
  ])('rejects %s without quoting the value', (_what, value) => {
    const error = inputErrorOf(() => validateSecretValue(value));
    expect(error.message).toContain('48 KB');
    expect(error.message).not.toContain(value.slice(0, 20));
  });
});

describe('parseSecretTargets', () => {
  it.each<[string, TargetInputs, string[]]>([
    ['one repository', { repository: 'acme/app' }, ['repository:acme/app']],
    ['a comma list', { repository: 'acme/app, acme/lib' }, ['repository:acme/app', 'repository:acme/lib']],
    ['a newline list with blanks', { repository: 'acme/app\n\n acme/lib \n' }, ['repository:acme/app', 'repository:acme/lib']],
    ['duplicates dropped', { repository: 'acme/app,ACME/App' }, ['repository:acme/app']],
    ['dotted names', { repository: 'my-org/my.repo_v2' }, ['repository:my-org/my.repo_v2']],
    ['an environment', { repository: 'acme/app', environment: 'prod' }, ['environment:acme/app/prod']],
    ['visibility private without org', { repository: 'acme/app', visibility: 'private' }, ['repository:acme/app']],
    ['an organization (repository ignored)', { repository: 'acme/app', organization: 'acme' }, ['organization:acme']],
    ['dependabot', { repository: 'acme/app', store: 'dependabot' }, ['dependabot:repository:acme/app']],
  ])('accepts %s', (_what, inputs, labels) => {
    expect(parseSecretTargets(inputs).map(describeTarget)).toEqual(labels);
  });

  it('parses organization visibility and selected repositories', () => {
    expect(parseSecretTargets({ organization: 'acme', visibility: 'Selected', selectedRepositories: 'app, acme/lib\n123, app' })).toEqual([
      {
        kind: 'organization',
        store: 'actions',
        org: 'acme',
        visibility: 'selected',
        selectedRepositories: [{ owner: 'acme', name: 'app' }, { owner: 'acme', name: 'lib' }, { id: 123 }],
      },
    ]);
    expect(parseSecretTargets({ organization: 'acme' })).toMatchObject([{ visibility: undefined, selectedRepositories: [] }]);
    expect(parseSecretTargets({ organization: 'acme', visibility: 'all' })).toMatchObject([{ visibility: 'all' }]);
  });

  it.each<[string, TargetInputs, string, string]>([
    ['no repository', { repository: '' }, 'repository', 'is empty'],
    ['only separators', { repository: ' , \n' }, 'repository', 'is empty'],
    ['a bare name', { repository: 'app' }, 'repository', "'app' is not of the form owner/repo"],
    ['three parts', { repository: 'acme/app/x' }, 'repository', 'not of the form owner/repo'],
    ['a URL', { repository: 'https://github.com/acme/app' }, 'repository', 'not of the form owner/repo'],
    ['a space in the name', { repository: 'acme/my app' }, 'repository', 'invalid repository name'],
    ['a bad owner', { repository: '-acme/app' }, 'repository', 'invalid owner name'],
    ['an owner too long', { repository: `${'a'.repeat(40)}/app` }, 'repository', 'invalid owner name'],
    ['repo "."', { repository: 'acme/.' }, 'repository', 'invalid repository name'],
    ['a repo name too long', { repository: `acme/${'r'.repeat(101)}` }, 'repository', 'invalid repository name'],
    ['environment with two repositories', { repository: 'acme/app,acme/lib', environment: 'prod' }, 'repository', 'exactly one repository'],
    ['environment with a control character', { repository: 'acme/app', environment: 'pr\tod' }, 'environment', 'not a valid environment name'],
    ['environment with organization', { organization: 'acme', environment: 'prod' }, 'environment', 'cannot be combined with organization'],
    ['unknown visibility', { organization: 'acme', visibility: 'public' }, 'visibility', "'public' is not one of all, private, selected"],
    ['visibility all without org', { repository: 'acme/app', visibility: 'all' }, 'visibility', 'applies only to organization secrets'],
    ['selected without a list', { organization: 'acme', visibility: 'selected' }, 'selected-repositories', 'is required'],
    ['a list without selected', { organization: 'acme', visibility: 'all', selectedRepositories: 'app' }, 'selected-repositories', "only allowed with visibility 'selected'"],
    ['a list with default visibility', { organization: 'acme', selectedRepositories: 'app' }, 'selected-repositories', "only allowed with visibility 'selected'"],
    ['a list without org', { repository: 'acme/app', selectedRepositories: 'app' }, 'selected-repositories', 'applies only to organization'],
    ['a repo of another org', { organization: 'acme', visibility: 'selected', selectedRepositories: 'other/app' }, 'selected-repositories', "not in organization 'acme'"],
    ['a bad selected name', { organization: 'acme', visibility: 'selected', selectedRepositories: 'my app' }, 'selected-repositories', 'invalid repository name'],
    ['id zero', { organization: 'acme', visibility: 'selected', selectedRepositories: '0' }, 'selected-repositories', 'not a valid repository id'],
    ['a bad org name', { organization: 'acme corp' }, 'organization', 'invalid owner name'],
    ['dependabot environment', { repository: 'acme/app', environment: 'prod', store: 'dependabot' }, 'environment', 'Dependabot'],
  ])('rejects %s', (_what, inputs, input, message) => {
    const error = inputErrorOf(() => parseSecretTargets(inputs));
    expect(error.input).toBe(input);
    expect(error.message).toContain(message);
  });
});
