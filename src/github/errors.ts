import { withoutRepeatedStatus } from '../core/message.js';

/** What a request needed, so that a refusal can say which token would have worked. */
export interface AccessNeeds {
  /** Where the token came from, as the user knows it: `github-token`, `$GITHUB_TOKEN`. */
  readonly tokenName: string;
  /** The remote object, for messages: `repository acme/app`, `environment 'prod' of acme/app`. */
  readonly object: string;
  /** Fine-grained PAT / GitHub App permission, e.g. `Secrets: write`. */
  readonly fineGrained: string;
  /** Classic PAT scope, e.g. `repo`. */
  readonly classic: string;
}

/** A failed GitHub API call: status, method, URL (no credentials), GitHub's own message and a hint. */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  /** HTTP status; 0 when no answer arrived (network error). */
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** The `message` GitHub sent, or the network error's text. */
  readonly githubMessage: string;
  /** `x-github-request-id`, for GitHub support. */
  readonly requestId: string | undefined;
  /** `x-accepted-github-permissions`: the fine-grained permissions the endpoint accepts. */
  readonly acceptedPermissions: string | undefined;

  constructor(fields: {
    status: number;
    method: string;
    url: string;
    githubMessage: string;
    requestId: string | undefined;
    acceptedPermissions: string | undefined;
    hint: string;
  }) {
    const diagnostics = [
      fields.acceptedPermissions === undefined ? '' : `x-accepted-github-permissions: ${fields.acceptedPermissions}`,
      fields.requestId === undefined ? '' : `x-github-request-id: ${fields.requestId}`,
    ].filter((d) => d !== '');
    const answer = fields.status === 0 ? `failed: ${fields.githubMessage}` : `answered ${fields.status} ${withoutRepeatedStatus(fields.status, fields.githubMessage)}`;
    super(
      `${fields.method} ${fields.url} ${answer}. ${fields.hint}` +
        (diagnostics.length > 0 ? ` (${diagnostics.join('; ')})` : ''),
    );
    this.status = fields.status;
    this.method = fields.method;
    this.url = fields.url;
    this.githubMessage = fields.githubMessage;
    this.requestId = fields.requestId;
    this.acceptedPermissions = fields.acceptedPermissions;
  }
}

interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  request?: { method?: unknown; url?: unknown };
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

/** Turns whatever octokit threw into a GitHubApiError with a hint for the person reading it. */
export function toGitHubApiError(error: unknown, needs: AccessNeeds): Error {
  if (error instanceof GitHubApiError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as RequestErrorLike;
  if (typeof e.status !== 'number' || e.request === undefined) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const response = e.response;
  // octokit reports network failures as status 500 without a response.
  const status = response === undefined ? 0 : e.status;
  const headers = response?.headers ?? {};
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const githubMessage = serverMessage(response?.data) ?? (typeof e.message === 'string' ? e.message : 'unknown error');
  return new GitHubApiError({
    status,
    method: typeof e.request.method === 'string' ? e.request.method : 'GET',
    url: typeof e.request.url === 'string' ? redactUrl(e.request.url) : '(unknown URL)',
    githubMessage,
    requestId: header('x-github-request-id'),
    acceptedPermissions: header('x-accepted-github-permissions'),
    hint: hintFor(status, githubMessage, needs),
  });
}

function serverMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.trim() === '' ? undefined : cutAtWord(data.trim(), 500);
  if (typeof data !== 'object' || data === null) return undefined;
  const message = (data as { message?: unknown }).message;
  if (typeof message !== 'string') return undefined;
  const errors = (data as { errors?: unknown }).errors;
  const details = Array.isArray(errors)
    ? errors
        .map((item) => (typeof item === 'string' ? item : typeof item === 'object' && item !== null && 'message' in item ? String(item.message) : ''))
        .filter((s) => s !== '')
    : [];
  return details.length > 0 ? `${message}: ${details.join('; ')}` : message;
}

/**
 * The text cut to at most `max` characters at a whitespace, so that no word is cut in half: a token or key an
 * answer echoes (none has whitespace) then reaches the redactor whole, or not at all.
 */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1).search(/\s\S*$/);
  return cut > 0 ? `${text.slice(0, cut)}…` : `(${text.length} characters without a space, not shown)`;
}

function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return raw.replace(/\?.*$/, '');
  }
}

function hintFor(status: number, message: string, needs: AccessNeeds): string {
  const tokenAdvice =
    `Give as ${needs.tokenName} a fine-grained personal access token or GitHub App token with ${needs.fineGrained}, ` +
    `or a classic personal access token with the ${needs.classic} scope`;
  if (status === 0) return 'GitHub could not be reached (retried): check github-api-url, the network and any proxy settings';
  if (status === 401) return `GitHub rejected the token: ${needs.tokenName} is wrong, expired or revoked`;
  if ((status === 403 || status === 429) && /rate limit/i.test(message)) {
    return "GitHub's rate limit stopped the request and retrying did not help: try again later or write to fewer targets at once";
  }
  if (status === 403) {
    if (/not accessible by integration/i.test(message)) {
      return `The token may not write secrets to ${needs.object} (the workflow's GITHUB_TOKEN never can). ${tokenAdvice}`;
    }
    return `The token may not write secrets to ${needs.object}. ${tokenAdvice}`;
  }
  if (status === 404) {
    return (
      `${capitalize(needs.object)} does not exist, or the token cannot see it ` +
      `(a fine-grained token must be granted access to it; a classic token needs the ${needs.classic} scope)`
    );
  }
  if (status === 422) return `GitHub rejected the request for ${needs.object}`;
  if (status >= 500) return 'GitHub kept failing after retries: try again later (https://www.githubstatus.com)';
  return `The request for ${needs.object} failed`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One target's outcome, in the shape of the action's `secrets-updated` output. */
export interface SecretUpdate {
  readonly target: string;
  readonly secret: string;
  readonly result: 'created' | 'updated';
}

/** A target that could not be prepared or written, with the reason. */
export interface SecretFailure {
  readonly target: string;
  readonly error: Error;
}

/**
 * Some targets failed. `written` were stored (the value is there now); `failed` were not. In the
 * `prepare` stage nothing was written at all.
 */
export class SecretTargetsError extends Error {
  override readonly name = 'SecretTargetsError';
  readonly stage: 'prepare' | 'store';
  readonly secret: string | undefined;
  readonly written: readonly SecretUpdate[];
  readonly failed: readonly SecretFailure[];

  constructor(
    stage: 'prepare' | 'store',
    secret: string | undefined,
    written: readonly SecretUpdate[],
    failed: readonly SecretFailure[],
    total: number = written.length + failed.length,
  ) {
    const reasons = failed.map((f) => `${f.target}: ${f.error.message}`).join(' | ');
    const head =
      stage === 'prepare'
        ? `cannot write secrets to ${failed.length} of ${total} target(s); nothing was written`
        : `secret ${secret ?? ''} was not written to ${failed.length} of ${total} target(s)` +
          (written.length > 0 ? ` (written to ${written.map((w) => `${w.target} [${w.result}]`).join(', ')})` : ' (written to none)');
    super(`${head}: ${reasons}`);
    this.stage = stage;
    this.secret = secret;
    this.written = written;
    this.failed = failed;
  }
}
