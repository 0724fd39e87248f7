/** The fault matrix: each fault at each step of create, rotate (retention 0 and 60) and ephemeral. */

export type FaultCommand = 'create' | 'rotate (retain 0)' | 'rotate (retain 60)' | 'ephemeral';
export type ZenmlFault = 'connection refused' | 'timeout after applying' | '500' | '429 with retry-after' | 'answer lost after applying';
export type GitHubFault = '502 once' | '502 every time' | '429 with retry-after' | '403 integration-forbidden' | 'connection reset after applying';

export interface ZenmlStep {
  readonly name: string;
  readonly method: string;
  readonly path: RegExp;
  /** Which matching request (1 = the first) is hit. */
  readonly n: number;
}

export interface GitHubStep {
  readonly name: string;
  readonly method: 'GET' | 'PUT';
  readonly path: RegExp;
}

export interface FaultCase {
  readonly name: string;
  readonly command: FaultCommand;
  readonly remote: 'zenml' | 'github';
  readonly step: string;
  readonly fault: ZenmlFault | GitHubFault;
  readonly zenml?: ZenmlStep;
  readonly github?: GitHubStep;
}

const INFO: ZenmlStep = { name: 'server info', method: 'GET', path: /^\/api\/v1\/info$/, n: 1 };
const LOGIN: ZenmlStep = { name: 'admin login', method: 'POST', path: /^\/api\/v1\/login$/, n: 1 };
const VERIFY: ZenmlStep = { name: 'new key login (verify)', method: 'POST', path: /^\/api\/v1\/login$/, n: 2 };
const BY_ID = /\/api_keys\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ZENML_STEPS: Record<FaultCommand, readonly ZenmlStep[]> = {
  create: [
    INFO,
    LOGIN,
    { name: 'look up key', method: 'GET', path: /\/api_keys\/github-actions$/, n: 1 },
    { name: 'create key', method: 'POST', path: /\/api_keys$/, n: 1 },
    VERIFY,
  ],
  'rotate (retain 0)': [],
  'rotate (retain 60)': [],
  ephemeral: [
    INFO,
    LOGIN,
    { name: 'read account', method: 'GET', path: /\/service_accounts\/ci-deployer$/, n: 1 },
    { name: 'create key', method: 'POST', path: /\/api_keys$/, n: 1 },
    VERIFY,
  ],
};
const ROTATE_STEPS: readonly ZenmlStep[] = [
  INFO,
  LOGIN,
  { name: 'read key', method: 'GET', path: /\/api_keys\/github-actions$/, n: 1 },
  { name: 'rotate', method: 'PUT', path: /\/rotate$/, n: 1 },
  VERIFY,
  { name: 'read back last_rotated', method: 'GET', path: BY_ID, n: 1 },
  { name: 'race check after storing', method: 'GET', path: BY_ID, n: 2 },
];
ZENML_STEPS['rotate (retain 0)'] = ROTATE_STEPS;
ZENML_STEPS['rotate (retain 60)'] = ROTATE_STEPS;

export const ZENML_FAULTS: readonly ZenmlFault[] = ['connection refused', 'timeout after applying', '500', '429 with retry-after', 'answer lost after applying'];

export const GITHUB_STEPS: readonly GitHubStep[] = [
  { name: 'public key (preflight)', method: 'GET', path: /\/public-key$/ },
  { name: 'secret PUT', method: 'PUT', path: /\/secrets\/ZENML_STORE_API_KEY$/ },
];
export const GITHUB_FAULTS: readonly GitHubFault[] = ['502 once', '502 every time', '429 with retry-after', '403 integration-forbidden', 'connection reset after applying'];

const COMMANDS: readonly FaultCommand[] = ['create', 'rotate (retain 0)', 'rotate (retain 60)', 'ephemeral'];

/** Every row of the fault matrix. */
export const FAULT_CASES: readonly FaultCase[] = COMMANDS.flatMap((command) => [
  ...ZENML_STEPS[command].flatMap((step) =>
    ZENML_FAULTS.map((fault): FaultCase => ({ name: `${command}: ZenML ${fault} at ${step.name}`, command, remote: 'zenml', step: step.name, fault, zenml: step })),
  ),
  // ephemeral stores nothing, so it makes no GitHub request.
  ...(command === 'ephemeral'
    ? []
    : GITHUB_STEPS.flatMap((step) =>
        GITHUB_FAULTS.filter((fault) => fault !== 'connection reset after applying' || step.method === 'PUT').map(
          (fault): FaultCase => ({ name: `${command}: GitHub ${fault} at ${step.name}`, command, remote: 'github', step: step.name, fault, github: step }),
        ),
      )),
]);
