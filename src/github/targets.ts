import { InputError } from '../core/errors.js';
import { pathSegment } from '../core/path-segment.js';

/** Which GitHub secret store a target writes to; Dependabot secrets have the same shape as Actions'. */
export type SecretStore = 'actions' | 'dependabot';

/** Who may read an organization secret. */
export type OrganizationVisibility = 'all' | 'private' | 'selected';

/** A repository named by the user for an organization secret's `selected` list. */
export type RepositoryRef = { readonly id: number } | { readonly owner: string; readonly name: string };

/** One place a secret can be written to. */
export type SecretTarget =
  | { readonly kind: 'repository'; readonly store: SecretStore; readonly owner: string; readonly repo: string }
  | {
      readonly kind: 'environment';
      readonly owner: string;
      readonly repo: string;
      readonly environment: string;
    }
  | {
      readonly kind: 'organization';
      readonly store: SecretStore;
      readonly org: string;
      /** Undefined: not given, so an existing secret keeps its audience and a new one is `private`. */
      readonly visibility: OrganizationVisibility | undefined;
      readonly selectedRepositories: readonly RepositoryRef[];
    };

/** The raw strings the action inputs or CLI flags give; empty or missing means "not given". */
export interface TargetInputs {
  /** One or more `owner/repo`, comma or newline separated. */
  readonly repository?: string | undefined;
  readonly environment?: string | undefined;
  readonly organization?: string | undefined;
  /** `all`, `private` or `selected`; empty keeps an existing secret's audience (a new one is `private`). */
  readonly visibility?: string | undefined;
  /** Names (`app`, `acme/app`) or numeric ids, comma or newline separated. */
  readonly selectedRepositories?: string | undefined;
  /** Write Dependabot secrets instead of Actions secrets (not for environments). */
  readonly store?: SecretStore | undefined;
}

/** GitHub's limit is 48 KB (49,152 bytes); the sealed box adds 48 bytes, so this much plaintext is safe. */
export const MAX_SECRET_VALUE_BYTES = 49_152 - 48;

const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/;
// Account names: letters, digits and hyphens (underscores appear in Enterprise Managed Users' names).
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const VISIBILITIES: readonly OrganizationVisibility[] = ['all', 'private', 'selected'];

/** Validates a secret name and returns it upper-cased, the way GitHub stores and lists it. */
export function validateSecretName(raw: string): string {
  const name = raw.trim().toUpperCase();
  if (name === '') throw new InputError('secret-name', 'is empty; give the name of the secret to write');
  if (!SECRET_NAME.test(name)) {
    throw new InputError(
      'secret-name',
      `'${raw}' is not a valid secret name: use only letters, digits and underscores, and do not start with a digit`,
    );
  }
  if (name.startsWith('GITHUB_')) {
    throw new InputError('secret-name', `'${raw}' starts with GITHUB_, which GitHub reserves for itself`);
  }
  return name;
}

/** Throws when a value is too large for a GitHub secret; never quotes the value. */
export function validateSecretValue(value: string): void {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_SECRET_VALUE_BYTES) {
    throw new InputError(
      'secret value',
      `is ${bytes} bytes (UTF-8); a GitHub secret holds at most 48 KB, so at most ${MAX_SECRET_VALUE_BYTES} bytes can be stored`,
    );
  }
}

/** Splits a comma- or newline-separated input into trimmed, non-empty items. */
export function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,\n\r]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Parses `owner/repo`, naming `input` in the error. */
export function parseRepository(raw: string, input: string): { owner: string; repo: string } {
  const parts = raw.split('/');
  const [owner, repo] = parts;
  if (parts.length !== 2 || owner === undefined || repo === undefined) {
    throw new InputError(input, `'${raw}' is not of the form owner/repo`);
  }
  checkOwner(owner, input, raw);
  if (!REPO.test(repo) || repo === '.' || repo === '..') {
    throw new InputError(
      input,
      `'${raw}' has an invalid repository name: use letters, digits, '.', '-' and '_' (at most 100 characters)`,
    );
  }
  return { owner, repo };
}

function checkOwner(owner: string, input: string, raw: string): void {
  if (!OWNER.test(owner)) {
    throw new InputError(
      input,
      `'${raw}' has an invalid owner name: use letters, digits and hyphens, starting with a letter or digit (at most 39 characters)`,
    );
  }
}

/** Turns the raw target inputs into a typed, validated list of targets; makes no request. */
export function parseSecretTargets(inputs: TargetInputs): SecretTarget[] {
  const store = inputs.store ?? 'actions';
  const organization = (inputs.organization ?? '').trim();
  const environment = (inputs.environment ?? '').trim();
  const visibilityRaw = (inputs.visibility ?? '').trim().toLowerCase();
  const selected = splitList(inputs.selectedRepositories);

  if (visibilityRaw !== '' && !(VISIBILITIES as readonly string[]).includes(visibilityRaw)) {
    throw new InputError('visibility', `'${inputs.visibility ?? ''}' is not one of all, private, selected`);
  }

  if (organization !== '') {
    // `repository` defaults to the workflow's own repository, so it is ignored rather than rejected here.
    if (environment !== '') {
      throw new InputError('environment', 'cannot be combined with organization: environment secrets belong to a repository');
    }
    checkOwner(organization, 'organization', organization);
    // A scheduled rotation must never change who can read the secret: no visibility given means "keep it".
    const visibility = visibilityRaw === '' ? undefined : (visibilityRaw as OrganizationVisibility);
    if (visibility === 'selected' && selected.length === 0) {
      throw new InputError('selected-repositories', "is required with visibility 'selected': list the repositories that may read the secret");
    }
    if (visibility !== 'selected' && selected.length > 0) {
      throw new InputError('selected-repositories', `is only allowed with visibility 'selected' (visibility is ${visibility ? `'${visibility}'` : 'empty'})`);
    }
    return [
      {
        kind: 'organization',
        store,
        org: organization,
        visibility,
        selectedRepositories: dedupeRefs(selected.map((item) => parseSelectedRepository(item, organization))),
      },
    ];
  }

  if (visibilityRaw !== '' && visibilityRaw !== 'private') {
    throw new InputError('visibility', 'applies only to organization secrets: set organization as well');
  }
  if (selected.length > 0) {
    throw new InputError('selected-repositories', 'applies only to organization secrets: set organization as well');
  }
  const repositories = dedupeRepositories(splitList(inputs.repository).map((item) => parseRepository(item, 'repository')));
  if (repositories.length === 0) {
    throw new InputError('repository', 'is empty: give at least one owner/repo to store the secret in');
  }
  if (environment !== '') {
    if (store !== 'actions') throw new InputError('environment', 'Dependabot has no environment secrets');
    validateEnvironment(environment);
    const [only] = repositories;
    if (repositories.length !== 1 || only === undefined) {
      throw new InputError('repository', `must name exactly one repository with environment (got ${repositories.length})`);
    }
    return [{ kind: 'environment', owner: only.owner, repo: only.repo, environment }];
  }
  return repositories.map(({ owner, repo }) => ({ kind: 'repository', store, owner, repo }));
}

function validateEnvironment(environment: string): void {
  // eslint-disable-next-line no-control-regex
  if (environment.length > 255 || /[\u0000-\u001f\u007f]/.test(environment)) {
    throw new InputError('environment', `'${environment}' is not a valid environment name (at most 255 printable characters)`);
  }
  pathSegment(environment, 'environment');
}

function parseSelectedRepository(item: string, org: string): RepositoryRef {
  if (/^\d+$/.test(item)) {
    const id = Number(item);
    if (!Number.isSafeInteger(id) || id <= 0) throw new InputError('selected-repositories', `'${item}' is not a valid repository id`);
    return { id };
  }
  const full = item.includes('/') ? item : `${org}/${item}`;
  const { owner, repo } = parseRepository(full, 'selected-repositories');
  if (owner.toLowerCase() !== org.toLowerCase()) {
    throw new InputError('selected-repositories', `'${item}' is not in organization '${org}'`);
  }
  return { owner, name: repo };
}

function dedupeRepositories<T extends { owner: string; repo: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = `${r.owner}/${r.repo}`.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dedupeRefs(list: RepositoryRef[]): RepositoryRef[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = 'id' in r ? `#${r.id}` : `${r.owner}/${r.name}`.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Names a target the way the `secrets-updated` output does: `repository:acme/app`, `environment:acme/app/prod`, `organization:acme`. */
export function describeTarget(target: SecretTarget): string {
  const prefix = target.kind !== 'environment' && target.store === 'dependabot' ? 'dependabot:' : '';
  switch (target.kind) {
    case 'repository':
      return `${prefix}repository:${target.owner}/${target.repo}`;
    case 'environment':
      return `environment:${target.owner}/${target.repo}/${target.environment}`;
    case 'organization':
      return `${prefix}organization:${target.org}`;
  }
}
