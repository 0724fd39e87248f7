// Where a key made by `create` or `rotate` goes: stdout (the default), a file (--output-file), or the
// variables the ZenML client reads (--set-key). ZenML's own CLI has the same flags.
import { closeSync, fchmodSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, type OptionValues } from './argv.js';
import type { Context } from './context.js';
import { exportToJob, inGitHubActions } from './job.js';
import { shellQuote } from './output.js';

/** How to hand a new key on, validated before any request. */
export interface KeyDelivery {
  /** Absolute path of the file that receives the key (mode 0600), instead of stdout. */
  readonly outputFile: string | undefined;
  /** Hand the key on as `login` does: export lines, or `$GITHUB_ENV` inside GitHub Actions. */
  readonly setKey: boolean;
  /** The server the key is for (ZENML_STORE_URL of the export lines). */
  readonly url: string;
}

/** Reads `--output-file` and `--set-key` (`--set-api-key`); a path that cannot be written is a usage error. */
export function readKeyDelivery(values: OptionValues, command: string, url: string): KeyDelivery {
  const setKey = values['set-key'] === true || values['set-api-key'] === true;
  if (setKey && values.json) throw new UsageError('--set-key prints export lines, which --json cannot carry: give one of them', command);
  const raw = values['output-file'];
  if (raw === undefined) return { outputFile: undefined, setKey, url };
  if (raw.trim() === '') throw new UsageError('--output-file: the path is empty', command);
  const path = resolve(raw);
  const folder = statOrUndefined(dirname(path));
  if (!folder?.isDirectory()) throw new UsageError(`--output-file: the folder '${dirname(path)}' does not exist`, command);
  const existing = statOrUndefined(path);
  if (existing && !existing.isFile()) throw new UsageError(`--output-file: '${path}' exists and is not a file`, command);
  return { outputFile: path, setKey, url };
}

/**
 * Hands a new key on, exactly once: to a file, to the variables, or (neither) on stdout. With `--json` the
 * key is not printed here: the fields returned (`key`, or `output_file`) go into the caller's JSON record.
 */
export function deliverKey(ctx: Context, delivery: KeyDelivery | undefined, key: string): Record<string, unknown> {
  if (delivery?.outputFile) {
    writeKeyFile(ctx, delivery.outputFile, key);
    ctx.say(`The API key value was written to ${delivery.outputFile} (readable by you only). It will not be shown again.`);
  }
  if (delivery?.setKey) {
    const variables = { ZENML_STORE_URL: delivery.url, ZENML_STORE_API_KEY: key };
    if (inGitHubActions(ctx.env) && ctx.env['GITHUB_ENV']) {
      exportToJob(variables);
      ctx.say('Exported ZENML_STORE_URL and ZENML_STORE_API_KEY to the following steps ($GITHUB_ENV).');
    } else {
      ctx.io.out(Object.entries(variables).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join(''));
      ctx.say('The export lines for ZENML_STORE_URL and ZENML_STORE_API_KEY are on stdout, for eval.');
    }
    return {};
  }
  if (delivery?.outputFile) return { output_file: delivery.outputFile };
  if (ctx.json) return { key };
  ctx.say('The API key value is on stdout. Store it safely: it will not be shown again.');
  ctx.io.out(`${key}\n`);
  return {};
}

/** Writes the key to a file that only its owner can read, also when the file existed with wider rights. */
function writeKeyFile(ctx: Context, path: string, key: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w', 0o600);
    fchmodSync(fd, 0o600);
    writeSync(fd, `${key}\n`);
  } catch (error) {
    // The key exists nowhere else: it goes to stdout before the failure is reported.
    ctx.io.out(`${key}\n`);
    const reason = (error as { code?: string }).code ?? 'an error';
    throw new Error(`could not write the API key to ${path} (${reason}). The key was printed on stdout instead: keep it, it is shown only this once`, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
