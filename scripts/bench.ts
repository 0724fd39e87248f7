// npm run bench: how long the credentials step costs a job, measured on the bundled dist/ the way the runner
// starts it, against the loopback fakes. Prints a table per section and writes docs/PERFORMANCE.md.
// Sections: cold start, requests and critical path per command, end to end with injected latency,
// fan-out to 50 repositories, bundle sizes, an audit of 500 service accounts. BENCH_ONLY=cold,requests,e2e,fanout,bundle,audit runs a subset
// (the doc is written only by a full run).
import { spawnSync } from 'node:child_process';
import { createServer, request as httpRequest, Agent } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeGitHub, type FakeGitHub } from '../test/fakes/github-server.ts';
import { GENERATIONS, startFakeZenml, type FakeZenml, type Generation } from '../test/fakes/zenml-server.ts';
import { runStep, type StepRun } from '../test/support/run-step.ts';

const root = new URL('../', import.meta.url).pathname;
const only = new Set((process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean));
const runs = (section: string): boolean => only.size === 0 || only.has(section);

const LATENCY_MS = 50;
const TOKEN = 'github_pat_bench_token';
const ADMIN_PASSWORD = 'bench-admin-password';
const COLD_REPS = 30;
const COLD_WARMUP = 3;
const E2E_REPS = 11;
const FANOUT_REPOS = 50;

// ---------------------------------------------------------------------------------------------------------
// Statistics and formatting

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

interface Spread {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly n: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9), n: sorted.length };
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;
const ratio = (value: number): string => `${value.toFixed(2)}×`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const verdict = (met: boolean): string => (met ? 'met' : '**not met**');

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// A delaying, recording proxy: sits in front of a fake, answers each request `latencyMs` after it arrived
// (or when the fake has answered, if that takes longer), and logs when each request arrived and when its
// answer left: a fixed round trip per request, which the fakes' own few ms of work do not lengthen. The GitHub fake has no latency switch, and the ZenML
// fake's request log has no timestamps; one proxy type in front of both gives the same clock to both.

interface TimedRequest {
  readonly side: 'zenml' | 'github';
  readonly method: string;
  readonly path: string;
  readonly start: number;
  end: number;
  status: number;
}

interface DelayProxy {
  readonly url: string;
  latencyMs: number;
  close(): Promise<void>;
}

async function startDelayProxy(upstream: string, side: TimedRequest['side'], log: TimedRequest[], latencyMs: number): Promise<DelayProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const state = { latencyMs };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: TimedRequest = { side, method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, start: performance.now(), end: 0, status: 0 };
    log.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = { ...req.headers, host: target.host };
      delete headers['connection'];
      const upstreamReq = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (upstreamRes) => {
          const body: Buffer[] = [];
          upstreamRes.on('data', (chunk: Buffer) => body.push(chunk));
          upstreamRes.on('end', () => {
            const payload = Buffer.concat(body);
            const out: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(upstreamRes.headers)) {
              if (value === undefined || ['connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(name)) continue;
              out[name] = value;
            }
            out['content-length'] = String(payload.length);
            setTimeout(() => {
              res.writeHead(upstreamRes.statusCode ?? 502, out);
              res.end(payload, () => {
                entry.end = performance.now();
                entry.status = upstreamRes.statusCode ?? 502;
              });
            }, Math.max(0, entry.start + state.latencyMs - performance.now()));
          });
        },
      );
      upstreamReq.on('error', () => {
        entry.end = performance.now();
        res.destroy();
      });
      upstreamReq.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(value: number) {
      state.latencyMs = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** The longest chain of requests each of which started after the previous one's answer arrived. */
function criticalPath(log: readonly TimedRequest[]): { length: number; chain: TimedRequest[] } {
  const sorted = [...log].filter((r) => r.end > 0).sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  const prev: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    depth[i] = 1;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (sorted[j]!.end <= sorted[i]!.start + 0.5 && depth[j]! + 1 > depth[i]!) {
        depth[i] = depth[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let best = -1;
  for (let i = 0; i < sorted.length; i++) if (best < 0 || depth[i]! > depth[best]!) best = i;
  const chain: TimedRequest[] = [];
  for (let i = best; i >= 0; i = prev[i]!) chain.unshift(sorted[i]!);
  return { length: chain.length, chain };
}

/** Request paths shortened for the doc: ids become {id}. */
function shortPath(r: TimedRequest): string {
  const path = r.path
    .replace(/^\/api\/v1/, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}')
    .replace(/\/repos\/[^/]+\/[^/]+\//, '/repos/{o}/{r}/');
  return `${r.side === 'zenml' ? 'Z' : 'G'} ${r.method} ${path}`;
}

// ---------------------------------------------------------------------------------------------------------
// A world: both fakes, each behind a delaying proxy.

interface World {
  readonly zenml: FakeZenml;
  readonly github: FakeGitHub;
  readonly zenmlUrl: string;
  readonly githubUrl: string;
  readonly log: TimedRequest[];
  close(): Promise<void>;
}

async function startWorld(options: { generation?: Generation; latencyMs?: number; repositories?: readonly string[] } = {}): Promise<World> {
  const zenml = await startFakeZenml({ generation: options.generation ?? '0.58', adminName: 'admin', adminPassword: ADMIN_PASSWORD });
  const github = await startFakeGitHub({ token: TOKEN, repositories: options.repositories ?? ['acme/app'] });
  const log: TimedRequest[] = [];
  const zp = await startDelayProxy(zenml.url, 'zenml', log, options.latencyMs ?? LATENCY_MS);
  const gp = await startDelayProxy(github.url, 'github', log, options.latencyMs ?? LATENCY_MS);
  return {
    zenml,
    github,
    zenmlUrl: zp.url,
    githubUrl: gp.url,
    log,
    close: async () => {
      await Promise.all([zp.close(), gp.close()]);
      await Promise.all([zenml.close(), github.close()]);
    },
  };
}

function adminInputs(world: World, extra: Record<string, string>): Record<string, string> {
  return { 'server-url': world.zenmlUrl, username: 'admin', password: ADMIN_PASSWORD, 'github-token': TOKEN, 'github-api-url': world.githubUrl, ...extra };
}

/** Runs one step and times it from spawn to exit (runStep's temp-file handling included, ~1 ms). */
async function timedStep(inputs: Record<string, string>, options: Parameters<typeof runStep>[1] = {}): Promise<{ run: StepRun; wallMs: number }> {
  const t0 = performance.now();
  const run = await runStep(inputs, options);
  return { run, wallMs: performance.now() - t0 };
}

function mustSucceed(label: string, run: StepRun): void {
  if (run.code !== 0) throw new Error(`bench: ${label} failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
}

// ---------------------------------------------------------------------------------------------------------
// 1. Cold start

interface ColdStart {
  readonly bare: Spread;
  readonly floor: Spread;
  readonly action: Spread;
  readonly cli: Spread;
}

/**
 * Bundles the floor (scripts/bench-floor.mjs: @actions/core, one input, setFailed) with the ncc that builds
 * dist/, into a temporary folder, and returns its entry file.
 */
function buildFloor(): string {
  const out = mkdtempSync(join(tmpdir(), 'zenml-sa-bench-floor-'));
  const ncc = join(root, 'node_modules', '.bin', 'ncc');
  const built = spawnSync(ncc, ['build', join(root, 'scripts', 'bench-floor.mjs'), '-o', out, '--quiet', '--no-source-map-register', '--target', 'es2023'], { stdio: 'pipe' });
  if (built.status !== 0) throw new Error(`bench: ncc could not build the floor: ${built.stderr}`);
  const entry = readdirSync(out).find((name) => /^index\.m?js$/.test(name));
  if (!entry) throw new Error(`bench: ncc wrote no index.js for the floor into ${out}`);
  return join(out, entry);
}

function coldStart(): ColdStart {
  const node = process.execPath;
  const floor = buildFloor();
  const failing = { PATH: process.env['PATH'] ?? '', INPUT_COMMAND: 'nope' };
  const variants: Record<keyof ColdStart, { args: string[]; env: NodeJS.ProcessEnv; code: number }> = {
    bare: { args: ['-e', ''], env: { PATH: process.env['PATH'] ?? '' }, code: 0 },
    floor: { args: [floor], env: failing, code: 1 },
    action: { args: [join(root, 'dist/index.js')], env: failing, code: 1 },
    cli: { args: [join(root, 'dist/cli.js'), 'bogus-command'], env: { PATH: process.env['PATH'] ?? '' }, code: 2 },
  };
  const times: Record<keyof ColdStart, number[]> = { bare: [], floor: [], action: [], cli: [] };
  const names = Object.keys(variants) as (keyof ColdStart)[];
  for (let rep = 0; rep < COLD_WARMUP + COLD_REPS; rep++) {
    // Interleaved, and the order rotates so that no variant always runs right after another.
    for (let k = 0; k < names.length; k++) {
      const name = names[(rep + k) % names.length]!;
      const v = variants[name];
      const t0 = performance.now();
      const result = spawnSync(node, v.args, { env: v.env, stdio: 'pipe' });
      const elapsed = performance.now() - t0;
      if (result.status !== v.code) throw new Error(`bench: cold start of ${name} exited ${result.status}, expected ${v.code}: ${result.stdout}${result.stderr}`);
      if (rep >= COLD_WARMUP) times[name].push(elapsed);
    }
  }
  rmSync(dirname(floor), { recursive: true, force: true });
  return { bare: spread(times.bare), floor: spread(times.floor), action: spread(times.action), cli: spread(times.cli) };
}

// ---------------------------------------------------------------------------------------------------------
// 2. Requests per command

interface CommandCase {
  readonly command: string;
  /** Seeds the fakes and returns the inputs (and, for the post step, runs the main step first). */
  readonly setup: (world: World) => Record<string, string>;
  readonly post?: boolean;
  /** The fewest requests, and the shortest chain of dependent ones, that the APIs allow (see the doc). */
  readonly minimum: { readonly zenml: number; readonly github: number; readonly path: number };
  readonly why: string;
}

const SA = 'ci-deployer';

const commandCases: readonly CommandCase[] = [
  {
    command: 'connect',
    setup: (w) => {
      w.zenml.seedServiceAccount(SA);
      const { key } = w.zenml.seedApiKey(SA, 'ci');
      return { 'server-url': w.zenmlUrl, 'api-key': key, 'github-api-url': w.githubUrl };
    },
    minimum: { zenml: 4, github: 0, path: 3 },
    why: 'info ∥ login → current-user (the account id, needed by the key route) → GET key (name, age)',
  },
  {
    command: 'create',
    setup: (w) => adminInputs(w, { command: 'create', 'service-account': SA, repository: 'acme/app' }),
    minimum: { zenml: 6, github: 2, path: 6 },
    why: 'info ∥ login ∥ public-key → GET SA (404) → POST SA → POST key → verify login → PUT secret (a new account has no keys, so no key lookup; the verification is the login with the new key, whose token names account and key)',
  },
  {
    command: 'rotate',
    setup: (w) => {
      w.zenml.seedServiceAccount(SA);
      w.zenml.seedApiKey(SA, 'github-actions');
      return adminInputs(w, { command: 'rotate', 'service-account': SA, 'retain-minutes': '30', repository: 'acme/app' });
    },
    minimum: { zenml: 8, github: 2, path: 7 },
    why: 'info ∥ login ∥ public-key → GET SA (name → UUID) → GET key (state before, for the lost-answer and inactive checks) → rotate → verify login ∥ GET key (the rotate answer lacks last_rotated) → PUT secret → GET key (race check)',
  },
  {
    command: 'ephemeral+post',
    post: true,
    setup: (w) => {
      w.zenml.seedServiceAccount(SA);
      return adminInputs(w, { command: 'ephemeral', 'service-account': SA });
    },
    minimum: { zenml: 7, github: 0, path: 6 },
    why: 'main: info ∥ login → GET SA → POST key → verify login (4 deep); post (a second process): login → DELETE key (2 deep; a 404 answer already means "gone")',
  },
  {
    command: 'activate',
    setup: (w) => {
      w.zenml.seedServiceAccount(SA);
      w.zenml.seedApiKey(SA, 'ci', { active: false });
      return adminInputs(w, { command: 'activate', 'service-account': SA, 'api-key-name': 'ci' });
    },
    minimum: { zenml: 4, github: 0, path: 3 },
    why: 'info ∥ login → GET SA (name → UUID) → PUT key',
  },
  {
    command: 'deactivate',
    setup: (w) => {
      w.zenml.seedServiceAccount(SA);
      w.zenml.seedApiKey(SA, 'ci');
      return adminInputs(w, { command: 'deactivate', 'service-account': SA, 'api-key-name': 'ci' });
    },
    minimum: { zenml: 4, github: 0, path: 3 },
    why: 'info ∥ login → GET SA (name → UUID) → PUT key',
  },
  {
    command: 'delete',
    setup: (w) => {
      w.zenml.seedServiceAccount(SA);
      w.zenml.seedApiKey(SA, 'ci');
      return adminInputs(w, { command: 'delete', 'service-account': SA, 'api-key-name': 'ci' });
    },
    minimum: { zenml: 5, github: 0, path: 4 },
    why: 'info ∥ login → GET SA (name → UUID) → GET key (name → id, for the outputs) → DELETE key',
  },
  {
    command: 'describe',
    setup: (w) => {
      w.zenml.seedServiceAccount(SA);
      w.zenml.seedApiKey(SA, 'ci');
      return adminInputs(w, { command: 'describe', 'service-account': SA, 'api-key-name': 'ci' });
    },
    minimum: { zenml: 4, github: 0, path: 3 },
    why: 'info ∥ login → GET SA → list keys (one page)',
  },
];

interface CommandMeasure {
  readonly c: CommandCase;
  readonly generation: Generation;
  readonly zenml: number;
  readonly github: number;
  readonly path: number;
  readonly chain: string[];
  readonly sequence: string[];
  readonly wallMs: number;
}

async function measureCommand(c: CommandCase, generation: Generation): Promise<CommandMeasure> {
  const world = await startWorld({ generation });
  try {
    const inputs = c.setup(world);
    const { run, wallMs } = await timedStep(inputs);
    mustSucceed(c.command, run);
    let total = wallMs;
    let path = criticalPath(world.log);
    if (c.post) {
      // The post step is a separate process: its chain adds to the main step's.
      const mainLog = world.log.splice(0);
      const post = await timedStep(inputs, { entry: 'post/index.js', state: run.state });
      mustSucceed(`${c.command} (post)`, post.run);
      if (!/: deleted$/m.test(post.run.stdout)) throw new Error(`bench: the post step did not delete the key:\n${post.run.stdout}`);
      total += post.wallMs;
      const postPath = criticalPath(world.log);
      path = { length: path.length + postPath.length, chain: [...path.chain, ...postPath.chain] };
      world.log.unshift(...mainLog);
    }
    return {
      c,
      generation,
      zenml: world.log.filter((r) => r.side === 'zenml').length,
      github: world.log.filter((r) => r.side === 'github').length,
      path: path.length,
      chain: path.chain.map(shortPath),
      sequence: [...world.log].sort((a, b) => a.start - b.start).map(shortPath),
      wallMs: total,
    };
  } finally {
    await world.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// 3. End to end, and 4. fan-out

interface Phases {
  readonly wallMs: number;
  /** Spawn to the first request (process start, bundle load, input parsing). */
  readonly toFirstMs: number;
  /** First request sent to last answer received. */
  readonly networkMs: number;
  /** Last answer to process exit (outputs, summary, closing connections). */
  readonly tailMs: number;
  /** Within the network phase, time with no request in flight: the client computing or loading code. */
  readonly idleMs: number;
  readonly path: number;
}

async function measureRun(world: World, inputs: Record<string, string>): Promise<{ run: StepRun; phases: Phases }> {
  world.log.length = 0;
  const t0 = performance.now();
  const run = await runStep(inputs);
  const t1 = performance.now();
  mustSucceed(inputs['command'] ?? 'step', run);
  const first = Math.min(...world.log.map((r) => r.start));
  const last = Math.max(...world.log.map((r) => r.end));
  let busy = 0;
  let reach = first;
  for (const r of [...world.log].sort((a, b) => a.start - b.start)) {
    if (r.end > reach) {
      busy += r.end - Math.max(r.start, reach);
      reach = r.end;
    }
  }
  const phases = { wallMs: t1 - t0, toFirstMs: first - t0, networkMs: last - first, tailMs: t1 - last, idleMs: last - first - busy, path: criticalPath(world.log).length };
  return { run, phases };
}

interface EndToEnd {
  readonly command: string;
  readonly wall: Spread;
  readonly toFirst: Spread;
  readonly network: Spread;
  readonly tail: Spread;
  readonly idle: Spread;
  readonly path: number;
  readonly minPath: number;
}

async function endToEnd(command: 'rotate' | 'create', minPath: number): Promise<EndToEnd> {
  const results: Phases[] = [];
  for (let rep = 0; rep < E2E_REPS + 1; rep++) {
    const world = await startWorld();
    try {
      const name = `${SA}-${rep}`;
      if (command === 'rotate') {
        world.zenml.seedServiceAccount(name);
        world.zenml.seedApiKey(name, 'github-actions');
      }
      const inputs = adminInputs(world, { command, 'service-account': name, 'retain-minutes': command === 'rotate' ? '30' : '0', repository: 'acme/app' });
      const { phases } = await measureRun(world, inputs);
      if (rep > 0) results.push(phases); // the first run warms the disk cache
    } finally {
      await world.close();
    }
  }
  return {
    command,
    wall: spread(results.map((r) => r.wallMs)),
    toFirst: spread(results.map((r) => r.toFirstMs)),
    network: spread(results.map((r) => r.networkMs)),
    tail: spread(results.map((r) => r.tailMs)),
    idle: spread(results.map((r) => r.idleMs)),
    path: Math.max(...results.map((r) => r.path)),
    minPath: minPath,
  };
}

interface FanOut {
  readonly repos: number;
  readonly phases: Phases;
  readonly puts: number;
  readonly publicKeyGets: number;
  readonly firstPutToLastPutMs: number;
  readonly minGapMs: number;
  readonly lost: string[];
  readonly duplicated: string[];
  readonly prePutMs: number;
}

async function fanOut(): Promise<FanOut> {
  const repos = Array.from({ length: FANOUT_REPOS }, (_, i) => `acme/repo-${String(i + 1).padStart(2, '0')}`);
  const world = await startWorld({ repositories: repos });
  try {
    world.zenml.seedServiceAccount(SA);
    world.zenml.seedApiKey(SA, 'github-actions');
    const inputs = adminInputs(world, { command: 'rotate', 'service-account': SA, 'retain-minutes': '30', repository: repos.join('\n') });
    const { run, phases } = await measureRun(world, inputs);
    const key = run.env['ZENML_STORE_API_KEY'] ?? '';
    const puts = world.log.filter((r) => r.side === 'github' && r.method === 'PUT').sort((a, b) => a.start - b.start);
    const gaps = puts.slice(1).map((p, i) => p.start - puts[i]!.start);
    const lost: string[] = [];
    const duplicated: string[] = [];
    for (const repo of repos) {
      const secret = world.github.secret(`repository:${repo}`, 'ZENML_STORE_API_KEY');
      if (!secret || secret.plaintext !== key || key === '') lost.push(repo);
      else if (secret.writes !== 1) duplicated.push(`${repo} (${secret.writes} writes)`);
    }
    const first = Math.min(...world.log.map((r) => r.start));
    return {
      repos: repos.length,
      phases,
      puts: world.github.requests.filter((r) => r.method === 'PUT').length,
      publicKeyGets: world.github.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/public-key')).length,
      firstPutToLastPutMs: puts.length > 0 ? puts[puts.length - 1]!.start - puts[0]!.start : 0,
      minGapMs: gaps.length > 0 ? Math.min(...gaps) : 0,
      lost,
      duplicated,
      prePutMs: puts.length > 0 ? puts[0]!.start - first : 0,
    };
  } finally {
    await world.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// 5. Bundles: sizes, and which packages the bytes come from (an estimate, see the doc)

interface BundleFile {
  readonly file: string;
  readonly bytes: number;
  readonly byPackage: Map<string, number>;
}

/** Every package the runtime dependencies pull in, with the set of its non-trivial source lines. */
function runtimePackages(): Map<string, Set<string>> {
  const found = new Map<string, string>();
  const visit = (name: string, from: string): void => {
    let dir = join(from, 'node_modules', name);
    while (!existsSync(join(dir, 'package.json'))) {
      const parent = from.replace(/\/node_modules\/(@[^/]+\/)?[^/]+$/, '');
      if (parent === from) return;
      from = parent;
      dir = join(from, 'node_modules', name);
    }
    if (found.has(dir)) return;
    found.set(dir, name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir);
  };
  const top = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(top.dependencies)) visit(dep, root.replace(/\/$/, ''));
  const lines = new Map<string, Set<string>>();
  for (const [dir, name] of found) {
    const set = lines.get(name) ?? new Set<string>();
    const walk = (d: string): void => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules') walk(p);
        } else if (/\.(c|m)?js$/.test(entry.name)) {
          for (const line of readFileSync(p, 'utf8').split('\n')) {
            const t = line.trim();
            if (t.length >= 24) set.add(t);
          }
        }
      }
    };
    walk(dir);
    lines.set(name, set);
  }
  return lines;
}

function attribute(file: string, packages: Map<string, Set<string>>): BundleFile {
  const text = readFileSync(join(root, file), 'utf8');
  const byPackage = new Map<string, number>();
  const credit = (name: string, bytes: number) => byPackage.set(name, (byPackage.get(name) ?? 0) + bytes);
  const OURS = 'our src (build/)';
  const OTHER = 'webpack runtime and unattributed';
  // Numbered modules (`/***/ 123:`): the package most of whose lines they contain.
  const parts = text.split(/^(?=\/\*\*\*\/ \d+:$)|^(?=\/\*\*\*\*\*\*\/ \}\);?$)|^(?=;\/\/ CONCATENATED MODULE: )/m);
  for (const part of parts) {
    const bytes = Buffer.byteLength(part);
    const concatenated = /^;\/\/ CONCATENATED MODULE: (.*)$/m.exec(part.slice(0, 300));
    if (concatenated) {
      const path = concatenated[1]!;
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      credit(pkg ? pkg[1]! : path.startsWith('./build/') ? OURS : path.startsWith('external') ? 'node built-ins (shims)' : OTHER, bytes);
      continue;
    }
    if (!/^\/\*\*\*\/ \d+:$/m.test(part.slice(0, 40))) {
      credit(OTHER, bytes);
      continue;
    }
    if (/__WEBPACK_EXTERNAL_createRequire\(import\.meta\.url\)\("[^"]+"\)/.test(part) && bytes < 400) {
      credit('node built-ins (shims)', bytes);
      continue;
    }
    const votes = new Map<string, number>();
    for (const line of part.split('\n')) {
      const t = line.trim();
      if (t.length < 24) continue;
      for (const [name, set] of packages) if (set.has(t)) votes.set(name, (votes.get(name) ?? 0) + 1);
    }
    const best = [...votes].sort((a, b) => b[1] - a[1])[0];
    credit(best ? best[0] : OTHER, bytes);
  }
  return { file, bytes: statSync(join(root, file)).size, byPackage };
}

function bundles(): BundleFile[] {
  const packages = runtimePackages();
  const files: string[] = [];
  for (const dir of ['dist', 'dist/post', 'dist/cli']) {
    for (const name of readdirSync(join(root, dir)).sort()) if (name.endsWith('.js')) files.push(`${dir}/${name}`);
  }
  return files.map((f) => attribute(f, packages));
}

// ---------------------------------------------------------------------------------------------------------
// 6. Audit of a whole server

const AUDIT_ACCOUNTS = 500;
const AUDIT_KEYS = 3;
/** The audit's pool size and page size, read from the source so that the ideal follows them. */
const auditSource = readFileSync(join(root, 'src/commands/audit/inventory.ts'), 'utf8');
const AUDIT_CONCURRENCY = Number(/AUDIT_CONCURRENCY = (\d+)/.exec(auditSource)?.[1]);
const AUDIT_PAGE = Number(/AUDIT_PAGE_SIZE = (\d+)/.exec(auditSource)?.[1]);

interface AuditMeasure {
  readonly accounts: number;
  readonly keys: number;
  readonly requests: number;
  readonly wallMs: number;
  readonly toFirstMs: number;
  readonly path: number;
  readonly maxRssKiB: number;
  readonly peakHeapBytes: number;
  readonly summaryBytes: number;
  readonly mostInFlight: number;
}

/** `command: audit` against a server with `accounts` service accounts of AUDIT_KEYS keys each; peak memory from scripts/bench-probe.mjs. */
async function measureAudit(accounts: number, latencyMs: number): Promise<AuditMeasure> {
  const world = await startWorld({ latencyMs });
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  try {
    for (let i = 0; i < accounts; i++) {
      const name = `sa-${String(i).padStart(4, '0')}`;
      world.zenml.seedServiceAccount(name);
      for (let k = 0; k < AUDIT_KEYS; k++) world.zenml.seedApiKey(name, `key-${k}`);
    }
    const out = join(dir, 'probe.json');
    world.log.length = 0;
    const t0 = performance.now();
    const run = await runStep(adminInputs(world, { command: 'audit' }), { env: { NODE_OPTIONS: `--import=${join(root, 'scripts/bench-probe.mjs')}`, BENCH_PROBE_OUT: out } });
    const wallMs = performance.now() - t0;
    mustSucceed('audit', run);
    const summary = JSON.parse(run.outputs['summary'] ?? '{}') as { service_accounts?: number; api_keys?: number };
    if (summary.service_accounts !== accounts || summary.api_keys !== accounts * AUDIT_KEYS) throw new Error(`bench: the audit read ${JSON.stringify(summary)}, not ${accounts} accounts`);
    const zenml = world.log.filter((r) => r.side === 'zenml');
    // The most requests in flight at one moment: the pool bound, as the server saw it.
    const edges = zenml.flatMap((r) => [[r.start, 1] as const, [r.end, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let inFlight = 0;
    let mostInFlight = 0;
    for (const [, d] of edges) mostInFlight = Math.max(mostInFlight, (inFlight += d));
    return {
      accounts,
      keys: accounts * AUDIT_KEYS,
      requests: zenml.length,
      wallMs,
      toFirstMs: Math.min(...zenml.map((r) => r.start)) - t0,
      path: criticalPath(world.log).length,
      ...(JSON.parse(readFileSync(out, 'utf8')) as { maxRssKiB: number; peakHeapBytes: number }),
      summaryBytes: Buffer.byteLength(run.summary),
      mostInFlight,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await world.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Main: run the sections, print, and write docs/PERFORMANCE.md

const started = new Date();
const doc: string[] = [];
const emit = (text = ''): void => {
  console.log(text);
  doc.push(text);
};

emit('# Performance');
emit();
emit(
  `_Generated by \`npm run bench\` (scripts/bench.ts) on ${started.toISOString().slice(0, 10)}; do not edit by hand. ` +
    `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${process.platform}/${process.arch}. ` +
    `Everything runs the bundled \`dist/\` as the runner starts it, against the loopback fakes in test/fakes/._`,
);
emit();

let cold: ColdStart | undefined;
if (runs('cold')) {
  cold = coldStart();
  const c = cold;
  const row = (name: string, s: Spread) => [name, ms(s.median), `${ms(s.p10)} – ${ms(s.p90)}`, ratio(s.median / c.floor.median), ratio(s.median / c.bare.median)];
  emit('## 1. Cold start');
  emit();
  emit(
    'Spawn to exit with inputs that fail validation at once (`INPUT_COMMAND=nope` for the action and the floor, `bogus-command` for the CLI). ' +
      'The **floor** is the least an action on @actions/core can cost: scripts/bench-floor.mjs imports @actions/core, reads one input and calls ' +
      '`setFailed`, bundled with the same ncc as dist/. ' +
      `All four run with \`process.execPath\`, interleaved, ${COLD_WARMUP} warm-up rounds, then ${COLD_REPS} each.`,
  );
  emit();
  emit(
    table(
      ['program', 'median', 'p10 – p90', 'vs floor', 'vs bare node'],
      [row('node -e "" (bare node)', c.bare), row('floor (@actions/core, one input, setFailed)', c.floor), row('dist/index.js (action)', c.action), row('dist/cli.js (CLI)', c.cli)],
    ),
  );
  emit();
  const vsFloor = (s: Spread) => s.median / c.floor.median;
  emit(`Targets ≤ 1.10× the floor: action ${ratio(vsFloor(c.action))}: ${verdict(vsFloor(c.action) <= 1.1)}; CLI ${ratio(vsFloor(c.cli))}: ${verdict(vsFloor(c.cli) <= 1.1)}.`);
  emit();
  emit(
    'For context, the same measurement (spawn to exit, failing at once, against bare node) of published actions: ' +
      'create-github-app-token 2.81×, vault-action 3.08×, load-secrets 3.37×, google auth 3.48×, configure-aws-credentials 5.11× bare node; ' +
      `the floor itself is ${ratio(c.floor.median / c.bare.median)}, the action ${ratio(c.action.median / c.bare.median)}.`,
  );
  emit();
}

const minimum = (command: string) => commandCases.find((c) => c.command === command)!.minimum;
let measures: CommandMeasure[] = [];
if (runs('requests')) {
  for (const generation of GENERATIONS) for (const c of commandCases) measures.push(await measureCommand(c, generation));
  emit('## 2. Requests per command');
  emit();
  emit(
    `Each command once against fresh fakes, every request answered ${LATENCY_MS} ms after it arrived (a fixed round trip) by a recording proxy in front of each fake ` +
      '(the GitHub fake has no latency switch, and the ZenML fake logs no times, so one proxy serves both). The critical path is the longest ' +
      'chain of requests in which each starts only after the previous one was answered, read off the timestamps. The minimum is what the ' +
      'APIs allow with the same safety checks (reasoning per command below the table). Admin username/password, service account and key given by name; ' +
      '`connect` uses only the key.',
  );
  emit();
  const rows = measures.map((m) => {
    const min = m.c.minimum;
    const countOk = m.zenml === min.zenml && m.github === min.github;
    return [
      `${m.c.command}`,
      m.generation,
      String(m.zenml),
      String(m.github),
      `${min.zenml} + ${min.github}`,
      countOk ? 'yes' : `**no (+${m.zenml + m.github - min.zenml - min.github})**`,
      String(m.path),
      String(min.path),
      m.path <= min.path ? 'yes' : `**no (+${m.path - min.path})**`,
    ];
  });
  emit(table(['command', 'server', 'ZenML', 'GitHub', 'minimum Z + G', 'count at minimum', 'critical path', 'minimum path', 'path at minimum'], rows));
  emit();
  emit('Minimum per command (→ one after another, ∥ at the same time):');
  emit();
  for (const c of commandCases) emit(`- **${c.command}**: ${c.minimum.zenml} + ${c.minimum.github} requests, ${c.minimum.path} deep: ${c.why}.`);
  emit();
  emit(`Measured order and chain (0.58; Z = ZenML, G = GitHub):`);
  emit();
  for (const m of measures.filter((x) => x.generation === '0.58')) {
    emit(`- **${m.c.command}**: ${m.sequence.join(', ')}`);
    emit(`  - critical path (${m.path}): ${m.chain.join(' → ')}`);
  }
  emit();
  // The other generations: only where their requests differ from 0.58's, so that a difference stands out.
  for (const generation of GENERATIONS.filter((g) => g !== '0.58')) {
    const differing = measures.filter((m) => {
      const old = measures.find((x) => x.generation === '0.58' && x.c === m.c);
      // Sorted, and the chain by its length: requests sent at the same time may start and end in either order.
      const same = old !== undefined && [...m.sequence].sort().join() === [...old.sequence].sort().join() && m.path === old.path;
      return m.generation === generation && !same;
    });
    if (differing.length === 0) emit(`${generation}: the same requests, and critical paths as long, as 0.58 for every command.`);
    for (const m of differing) {
      emit(`- ${generation} **${m.c.command}**: ${m.sequence.join(', ')}`);
      emit(`  - critical path (${m.path}): ${m.chain.join(' → ')}`);
    }
    emit();
  }
  const atMin = measures.filter((m) => m.zenml === m.c.minimum.zenml && m.github === m.c.minimum.github).length;
  emit(`Target: request count of each command equal to the minimum: ${verdict(atMin === measures.length)} (${atMin} of ${measures.length} runs).`);
  emit();
}

const startup = cold?.action.median;
if (runs('e2e')) {
  const e2e = [await endToEnd('rotate', minimum('rotate').path), await endToEnd('create', minimum('create').path)];
  emit('## 3. End to end');
  emit();
  emit(
    `\`rotate\` (retain-minutes 30) and \`create\` (new account) storing into one repository, a fixed ${LATENCY_MS} ms round trip on every ZenML and GitHub request ` +
      `(recording proxy), 0.58 server, ${E2E_REPS} runs each after one warm-up run. Wall is spawn to exit. Ideal = minimum critical path × ${LATENCY_MS} ms + ` +
      `start-up, with start-up the action's cold start from section 1${startup === undefined ? ' (not run: start-up taken as the measured spawn-to-first-request)' : ''}.`,
  );
  emit();
  const rows = e2e.map((e) => {
    const start = startup ?? e.toFirst.median;
    const ideal = e.minPath * LATENCY_MS + start;
    const own = e.path * LATENCY_MS + start;
    return {
      e,
      ideal,
      cells: [
        e.command,
        ms(e.wall.median),
        `${ms(e.wall.p10)} – ${ms(e.wall.p90)}`,
        ms(e.toFirst.median),
        `${ms(e.network.median)} (${(e.network.median / LATENCY_MS).toFixed(1)} periods)`,
        ms(e.idle.median),
        ms(e.tail.median),
        `${e.minPath} × ${LATENCY_MS} + ${ms(start)} = ${ms(ideal)}`,
        ratio(e.wall.median / ideal),
        `${e.path} deep: ${ratio(e.wall.median / own)}`,
      ],
    };
  });
  emit(table(['command', 'wall (median)', 'p10 – p90', 'spawn → 1st request', '1st request → last answer', 'of which nothing in flight', 'last answer → exit', 'ideal', 'wall / ideal', 'vs its own critical path'], rows.map((r) => r.cells)));
  emit();
  for (const r of rows) emit(`Target ≤ 1.15× ideal, ${r.e.command}: ${ratio(r.e.wall.median / r.ideal)}: ${verdict(r.e.wall.median / r.ideal <= 1.15)}.`);
  emit();
}

if (runs('fanout')) {
  const f = await fanOut();
  const start = startup ?? f.phases.toFirstMs;
  const spacing = (f.repos - 1) * 1000;
  // Before the first PUT: info ∥ login ∥ every public key, GET SA, GET key, rotate, verify (5 deep); after the
  // last PUT starts: its answer and the race-check GET (2).
  const ideal = start + 5 * LATENCY_MS + spacing + 2 * LATENCY_MS;
  emit('## 4. Fan-out: one key to 50 repositories');
  emit();
  emit(
    `\`rotate\` with \`repository\` set to ${f.repos} repositories of the fake GitHub, ${LATENCY_MS} ms per request on both sides, one run. ` +
      'The action spaces secret writes at least 1 s apart (GitHub asks for that on content-creating requests), so the ideal is ' +
      `start-up + 5 × ${LATENCY_MS} ms before the first write + ${f.repos - 1} s of spacing + 2 × ${LATENCY_MS} ms (last write, race check) = ${ms(ideal)}.`,
  );
  emit();
  emit(
    table(
      ['measure', 'value'],
      [
        ['wall', ms(f.phases.wallMs)],
        ['ideal', ms(ideal)],
        ['wall / ideal', ratio(f.phases.wallMs / ideal)],
        ['spawn → first request', ms(f.phases.toFirstMs)],
        ['first request → first PUT', `${ms(f.prePutMs)} (ideal ${ms(5 * LATENCY_MS)})`],
        ['nothing in flight (client busy) during the network phase', ms(f.phases.idleMs)],
        ['first PUT → last PUT (starts)', `${ms(f.firstPutToLastPutMs)} (ideal ${ms(spacing)})`],
        ['smallest gap between PUT starts', ms(f.minGapMs)],
        ['public-key GETs / PUTs', `${f.publicKeyGets} / ${f.puts}`],
        ['repositories without the exported key', f.lost.length === 0 ? '0' : `${f.lost.length}: ${f.lost.join(', ')}`],
        ['repositories written more than once', f.duplicated.length === 0 ? '0' : f.duplicated.join(', ')],
      ],
    ),
  );
  emit();
  const met = f.phases.wallMs / ideal <= 1.2 && f.lost.length === 0 && f.duplicated.length === 0;
  emit(`Target ≤ 1.2× ideal with zero lost writes: ${ratio(f.phases.wallMs / ideal)}, ${f.lost.length} lost, ${f.duplicated.length} duplicated: ${verdict(met)}.`);
  emit();
}

if (runs('bundle')) {
  const files = bundles();
  emit('## 5. Bundle sizes');
  emit();
  emit(
    'Bytes per file, and per package an **estimate**: ncc names webpack-concatenated modules (`// CONCATENATED MODULE: path`), ' +
      'which are counted exactly; numbered CommonJS modules are given to the runtime dependency most of whose source lines they contain.',
  );
  emit();
  emit(table(['file', 'size', 'largest parts (estimate)'], files.map((f) => [f.file, kb(f.bytes), [...f.byPackage].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, b]) => `${n} ${kb(b)}`).join(', ')])));
  emit();
  const totals = new Map<string, number>();
  for (const f of files.filter((x) => x.file.startsWith('dist/') && !x.file.startsWith('dist/post/') && !x.file.startsWith('dist/cli/'))) {
    for (const [n, b] of f.byPackage) totals.set(n, (totals.get(n) ?? 0) + b);
  }
  emit('The action (`dist/*.js`: entry and chunks) by package (estimate):');
  emit();
  emit(table(['package', 'bytes'], [...totals].sort((a, b) => b[1] - a[1]).map(([n, b]) => [n, kb(b)])));
  emit();
}

if (runs('audit')) {
  const timed = await measureAudit(AUDIT_ACCOUNTS, LATENCY_MS);
  const pages = Math.ceil(AUDIT_ACCOUNTS / AUDIT_PAGE);
  const minRequests = 2 + pages + AUDIT_ACCOUNTS;
  // info ∥ login, the first page of accounts, then the other pages and every key list through the pool.
  const idealPath = 2 + Math.ceil((pages - 1 + AUDIT_ACCOUNTS) / AUDIT_CONCURRENCY);
  const start = startup ?? timed.toFirstMs;
  const ideal = start + idealPath * LATENCY_MS;
  // Peak memory at three sizes, without latency: it should grow by what the report holds, linearly.
  const sizes = [50, 250, AUDIT_ACCOUNTS];
  const memory: AuditMeasure[] = [];
  for (const n of sizes) memory.push(await measureAudit(n, 0));
  const perKey = (a: AuditMeasure, b: AuditMeasure) => (b.peakHeapBytes - a.peakHeapBytes) / (b.keys - a.keys);
  const reportPerKey = (a: AuditMeasure, b: AuditMeasure) => (b.summaryBytes - a.summaryBytes) / (b.keys - a.keys);
  const [small, mid, large] = memory as [AuditMeasure, AuditMeasure, AuditMeasure];
  emit('## 6. Audit of a whole server');
  emit();
  emit(
    `\`command: audit\` (admin user) against ${AUDIT_ACCOUNTS} service accounts with ${AUDIT_KEYS} keys each on a 0.58 fake, ${LATENCY_MS} ms per request (recording proxy). ` +
      `The audit reads through one pool of ${AUDIT_CONCURRENCY} requests (pages of ${AUDIT_PAGE}); the ideal is start-up + (info ∥ login, the first page of accounts, ` +
      `then ⌈(${pages - 1} more pages + ${AUDIT_ACCOUNTS} key lists) / ${AUDIT_CONCURRENCY}⌉ rounds) × ${LATENCY_MS} ms = ${start.toFixed(0)} + ${idealPath} × ${LATENCY_MS} = ${ms(ideal)}.`,
  );
  emit();
  emit(
    table(
      ['measure', 'value'],
      [
        ['requests to ZenML', `${timed.requests} (minimum ${minRequests}: info, login, ${pages} pages of accounts, one key list per account)`],
        ['most requests in flight at once', `${timed.mostInFlight} (bound ${AUDIT_CONCURRENCY})`],
        ['critical path', `${timed.path} requests deep (ideal ${idealPath})`],
        ['wall', ms(timed.wallMs)],
        ['ideal', ms(ideal)],
        ['wall / ideal', ratio(timed.wallMs / ideal)],
        ['job summary (the report)', kb(timed.summaryBytes)],
      ],
    ),
  );
  emit();
  emit(`Target ≤ 1.2× ideal: ${ratio(timed.wallMs / ideal)}: ${verdict(timed.wallMs / ideal <= 1.2 && timed.requests === minRequests)}.`);
  emit();
  emit(
    'Memory at three server sizes, no latency: the peak of the JavaScript heap in use (sampled every 2 ms by scripts/bench-probe.mjs, loaded with ' +
      'NODE_OPTIONS) and the peak resident set size. What the step must hold is the report (a record per key, the findings, the job summary text); ' +
      'an audit that also kept the raw answers or every page would grow by several KiB more per key (a hydrated key answer alone is ~1 KiB of JSON).',
  );
  emit();
  emit(table(['accounts', 'keys', 'peak heap', 'peak RSS', 'job summary'], memory.map((m) => [String(m.accounts), String(m.keys), `${(m.peakHeapBytes / 1048576).toFixed(1)} MiB`, `${(m.maxRssKiB / 1024).toFixed(1)} MiB`, kb(m.summaryBytes)])));
  emit();
  const lower = perKey(small, mid);
  const upper = perKey(mid, large);
  const overall = perKey(small, large);
  emit(
    `Peak heap per key: ${overall.toFixed(0)} B from ${small.accounts} to ${large.accounts} accounts (${lower.toFixed(0)} B in the lower half, ${upper.toFixed(0)} B in the upper: ` +
      `sampled peaks move with when the collector runs, so the halves are noisy); the job summary alone is ${reportPerKey(small, large).toFixed(0)} B of text per key, ` +
      'and each key is also held as a record (ten fields) with its findings and its rows.',
  );
  emit();
  // The report's own size in memory: a record of ~10 short strings and numbers (~600 B in V8), its findings, and its
  // summary rows (the text above, as one- or two-byte strings, built once and redacted once): about 1-2 KiB per key.
  emit(`Target: the heap grows by no more than the report, 2 KiB per key: ${overall.toFixed(0)} B: ${verdict(overall <= 2048)}.`);
  emit();
}

if (only.size === 0) {
  emit(readFileSync(join(root, 'scripts/bench-findings.md'), 'utf8').trim());
  writeFileSync(join(root, 'docs/PERFORMANCE.md'), `${doc.join('\n')}\n`);
  console.log(`\nwrote docs/PERFORMANCE.md in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`);
}
