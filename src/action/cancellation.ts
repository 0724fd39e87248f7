// What the action does when its job is cancelled or times out. The runner signals the step's node process
// (actions/runner, src/Runner.Sdk/ProcessInvoker.cs, CancelAndKillProcessTree; node actions run with
// killProcessOnCancel: false, src/Runner.Worker/Handlers/NodeScriptActionHandler.cs): SIGINT first, then, if the
// process has not exited within 7.5 s (_sigintTimeout), SIGTERM, then after 2.5 s more (_sigtermTimeout) it kills the
// process tree. What the step wrote to $GITHUB_ENV and $GITHUB_STEP_SUMMARY before it exited is still read
// (src/Runner.Worker/ActionRunner.cs processes the file commands in a `finally`), so a cancelled step can still hand
// its new key to the job's later steps and post step, and say what the server and each target hold.
//
// Before the request that cannot be taken back, a signal stops the run at once: nothing has changed. After it, the
// run goes on (the key must not be lost: its answer is awaited, and storing it keeps the targets consistent) until
// it ends or a deadline well inside the runner's grace, and then reports exactly where it stood.
import type { FailureState, Progress, Subject } from '../commands/types.js';
import type { SecretUpdate } from '../github/index.js';

/** After SIGINT the runner waits 7.5 s; after SIGTERM 2.5 s. Report well before each. */
const DEADLINE_AFTER_MS: Readonly<Record<string, number>> = { SIGINT: 5_000, SIGTERM: 1_000 };

/** The run was stopped by a signal before the request that cannot be taken back. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

type Irreversible = Parameters<Progress['irreversible']>[0];

/** Where a key-making run stands, kept as it goes, so that a signal can be answered with the exact state. */
export class StepLedger implements Progress {
  signal: string | undefined;
  #sent: Irreversible | undefined;
  #newKey: string | undefined;
  #subject: Subject | undefined;
  #rotatedAt: string | undefined;
  #previousValidUntil: string | undefined;
  #rotatedKnown = false;
  readonly #written: SecretUpdate[] = [];
  #reported = false;

  readonly command: string;
  readonly retainMinutes: number;

  constructor(command: string, retainMinutes: number) {
    this.command = command;
    this.retainMinutes = retainMinutes;
  }

  /** True until the request that cannot be taken back was sent: a run that fails now changed nothing. */
  get untouched(): boolean {
    return this.#sent === undefined;
  }

  irreversible(what: Irreversible): void {
    if (this.signal) {
      const done = this.#sent ? ` Service account '${this.#sent.subject.account.name}' was created; no API key was made and nothing was stored.` : '';
      throw new CancelledError(`The job was cancelled (${this.signal}) before the ${what.verb === 'rotate' ? 'rotation' : 'key was created'}.${done || ' Nothing changed: no key was created or rotated, and nothing was stored.'}`);
    }
    this.#sent = what;
    this.#subject = what.subject;
  }

  rotated(rotatedAt: string, previousKeyValidUntil: string | undefined): void {
    this.#rotatedAt = rotatedAt;
    this.#previousValidUntil = previousKeyValidUntil;
    this.#rotatedKnown = true;
  }

  stored(update: SecretUpdate): void {
    this.#written.push(update);
  }

  /** The new key and what it is, the moment it exists. */
  keyMade(key: string | undefined, subject: Subject | undefined): void {
    if (key) this.#newKey = key;
    if (subject) this.#subject = subject;
  }

  /** True once: whoever reports the run's end (its own flow, or a signal's deadline) takes it. */
  claimReport(): boolean {
    if (this.#reported) return false;
    this.#reported = true;
    return true;
  }

  /** What a signal that arrives now leads to: stop at once (nothing changed), or let the run finish until a deadline. */
  onSignal(signal: string): { stopNow: boolean; deadlineMs: number } {
    this.signal ??= signal;
    return { stopNow: this.#sent === undefined, deadlineMs: DEADLINE_AFTER_MS[signal] ?? 1_000 };
  }

  /** The message and state when the run is stopped now. */
  report(): { message: string; state: FailureState | undefined } {
    const signal = this.signal ?? 'a signal';
    if (!this.#sent) {
      const before = this.command === 'rotate' ? 'before the rotation' : this.command === 'connect' || this.command === 'describe' ? 'before it finished' : 'before any key was made';
      return { message: `The job was cancelled (${signal}) ${before}. Nothing changed: no key was created or rotated, and nothing was stored.`, state: undefined };
    }
    const targets = this.#sent.targets;
    const notWritten = targets.filter((label) => !this.#written.some((w) => w.target === label));
    const subject = known(this.#subject);
    const state: FailureState = {
      ...(this.#newKey ? { newKey: this.#newKey } : {}),
      ...(subject ? { subject } : {}),
      ...(this.#rotatedAt ? { rotatedAt: this.#rotatedAt } : {}),
      ...(this.#previousValidUntil ? { previousKeyValidUntil: this.#previousValidUntil } : {}),
      written: [...this.#written],
      notWritten: notWritten.map((label) => `${label} (not known to hold the new key: storing had not finished)`),
    };
    const what = describe(this.#sent.subject);
    if (!this.#newKey) return { message: this.#noAnswer(signal, what), state };
    const sentences = [`The job was cancelled (${signal}) after ${what} was ${this.#sent.verb === 'rotate' ? 'rotated' : 'created'}${this.#rotatedAt ? ` at ${this.#rotatedAt}` : ''}.`];
    if (this.#sent.verb === 'rotate') sentences.push(this.#previousKeySentence());
    if (this.command === 'ephemeral') sentences.push('The post step deletes it when the job ends.');
    if (this.#written.length > 0) sentences.push(`The new key was stored in ${this.#written.map((w) => w.target).join(', ')}.`);
    if (notWritten.length > 0) {
      sentences.push(`Storing it in ${notWritten.join(', ')} had not finished: ${notWritten.length === 1 ? 'that target' : 'those targets'} may hold the new key or still the previous one.`);
      if (this.#sent.verb === 'rotate' && this.retainMinutes > 0) sentences.push('Do not rotate again: that ends the previous key at once. Store the exported key instead (README: "After a failed store").');
    }
    return { message: sentences.join(' '), state };
  }

  #previousKeySentence(): string {
    if (this.#previousValidUntil) return `The previous key stays valid until ${this.#previousValidUntil}.`;
    if (this.#rotatedKnown || this.retainMinutes === 0) return 'The previous key no longer works (no retention).';
    return `The previous key stays valid for ${this.retainMinutes} minutes after the rotation.`;
  }

  #noAnswer(signal: string, what: string): string {
    const head = `The job was cancelled (${signal}) while the request to ${this.#sent?.verb} ${what} was in flight, and no answer came before the runner's deadline.`;
    if (this.#sent?.verb === 'rotate') {
      const retention = this.retainMinutes > 0 ? `works only until ${this.retainMinutes} minutes after the rotation` : 'no longer works';
      return `${head} Whether the server rotated the key is unknown: check its last_rotated (it was ${this.#sent.lastRotatedBefore ?? 'never'}). If it changed, the new key is lost and the previous key ${retention}: create a new key under another name instead of rotating again. Every target still holds what it held before.`;
    }
    const name = this.#sent?.subject.key?.name;
    return `${head} Whether the server created ${name ? `API key '${name}'` : 'the service account'} is unknown: check it. If it exists, its value is lost: delete it${this.command === 'ephemeral' ? '' : ', then create it again'}. Nothing was stored.`;
  }
}

/** The subject without the parts whose ids are not known yet (a key being created has none). */
function known(subject: Subject | undefined): Subject | undefined {
  if (!subject?.account.id) return undefined;
  return subject.key?.id ? subject : { account: subject.account };
}

function describe(subject: Subject): string {
  return subject.key ? `API key '${subject.key.name}' of service account '${subject.account.name}'` : `service account '${subject.account.name}'`;
}

/**
 * Answers SIGINT and SIGTERM for the rest of the step: `stop` reports and exits. Before the irreversible request it
 * is called at once; after it, at the deadline unless the run has reported by then. Returns the function that stops
 * watching.
 */
export function watchSignals(ledger: StepLedger, notice: (line: string) => void, stop: () => Promise<void>): () => void {
  let timer: NodeJS.Timeout | undefined;
  let due = Number.POSITIVE_INFINITY;
  const handler = (signal: NodeJS.Signals): void => {
    const { stopNow, deadlineMs } = ledger.onSignal(signal);
    if (stopNow) {
      void stop();
      return;
    }
    // A later signal (SIGTERM after SIGINT) only brings the deadline closer.
    if (Date.now() + deadlineMs >= due) return;
    due = Date.now() + deadlineMs;
    notice(`The job is being cancelled (${signal}). This step finishes what it started and reports within ${deadlineMs / 1000} s.`);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void stop(), deadlineMs);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
