// The GitHub side: validate targets, preflight them, seal and store one value in each.
export { createGitHubSecrets, storeSecret } from './secrets.js';
export type { GitHubSecrets, GitHubSecretsOptions, PreparedTarget } from './secrets.js';
export { GitHubApiError, SecretTargetsError } from './errors.js';
export type { SecretFailure, SecretUpdate } from './errors.js';
export {
  MAX_SECRET_VALUE_BYTES,
  describeTarget,
  parseRepository,
  parseSecretTargets,
  splitList,
  validateSecretName,
  validateSecretValue,
} from './targets.js';
export type { OrganizationVisibility, RepositoryRef, SecretStore, SecretTarget, TargetInputs } from './targets.js';
export { sealSecret } from './seal.js';
export { GITHUB_API_VERSION, normalizeBaseUrl } from './client.js';
