/** Every case the matrices define, by matrix, in the order docs/RELIABILITY.md lists them. */
import { ACTION_INPUT_CASES, CLI_FLAG_CASES } from './bad-input-cases.ts';
import { FAULT_CASES } from './fault-cases.ts';
import { leakCaseNames } from './leak-cases.ts';
import type { MatrixName } from './support/record.ts';
import { CONCURRENCY_CASES, TRANSPORT_CASES } from './transport-cases.ts';

export interface MatrixSection {
  readonly matrix: MatrixName;
  readonly title: string;
  readonly about: string;
  /** The cases in order; for the hostile matrix, whose files declare their own cases, what the rows recorded. */
  readonly cases: readonly string[] | 'from-rows';
  /** The table's column headings (case, outcome, message unless given). */
  readonly columns?: readonly [string, string, string];
}

/** The sections of the doc, each with its cases. */
export function matrixSections(): MatrixSection[] {
  return [
    {
      matrix: 'leak',
      title: 'Leak matrix',
      about:
        'Every command of the bundled action (`dist/index.js`, and its post step) and of the bundled CLI (`dist/cli.js`), on success and on failure paths, with debug logging off and on (`ACTIONS_STEP_DEBUG=true`, `RUNNER_DEBUG=1`). Searched for: the admin password, the GitHub token, the bearer tokens a login gives, the old key and every new key, each also as its base64 body and its decoded secret, in stdout, stderr, `GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_STATE`, `GITHUB_STEP_SUMMARY` and the error line. Allowed only: `::add-mask::` lines, the exported `ZENML_STORE_API_KEY`, the opted-in `api-key` output, and on the CLI the stdout the command exists to print (the new key once, the token, the export lines).',
      cases: leakCaseNames(),
    },
    {
      matrix: 'fault',
      title: 'Fault matrix',
      about:
        "Each fault at each step of `create`, `rotate` (retention 0 and 60) and `ephemeral`, run in-process against the fake servers (a relay in front of ZenML makes the refused connection, the timeout after the server applied the request, and the lost answer). Every row checks: at most one irreversible request and one change on the server; a key made by this run is masked first, logs in, and is exported (returned or in the failure's state); if the server changed but the answer was lost, the message says so and how to recover; the message matches what the server and the target hold; the previous key works exactly when retention says so; no secret in the message.",
      cases: FAULT_CASES.map((c) => c.name),
    },
    {
      matrix: 'bad-input',
      title: 'Bad-input matrix',
      about: 'Action inputs (exit 1, one `::error::` line) and CLI flags (exit 2, one `zenml-sa: error:` line), each checked to make zero requests to either fake server.',
      cases: [...ACTION_INPUT_CASES.map((c) => `action: ${c.name}`), ...CLI_FLAG_CASES.map((c) => `cli: ${c.name}`)],
    },
    {
      matrix: 'transport',
      title: 'Transport matrix',
      about: 'TLS with a private CA (`ZENML_STORE_VERIFY_SSL`), redirects to another host, and `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY` through a forward proxy on loopback.',
      cases: [...TRANSPORT_CASES],
    },
    {
      matrix: 'concurrency',
      title: 'Concurrency matrix',
      about: 'Two rotations of one key that overlap. The README shows the `concurrency:` group that prevents this.',
      cases: [...CONCURRENCY_CASES],
    },
    {
      matrix: 'hostile',
      title: 'Hostile matrix',
      about:
        "Attacks on the bundled action and CLI by a server, a proxy or an input that lies: a loopback stand-in in front of the fake servers injects workflow commands and Markdown into names, descriptions, ids, dates and error details, echoes the request back in every encoding, answers 2xx without the body it owes, stalls, or redirects. Each file in `test/hostile/` declares its own cases (`<file>: <attack>`); each row says what held.",
      cases: 'from-rows',
      columns: ['attack', 'what held', 'message'],
    },
  ];
}
