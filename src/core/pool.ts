/**
 * Runs asynchronous tasks at most `limit` at a time, in the order they were queued. The audit reads a
 * whole server with it: enough requests in flight to hide the round trip, few enough that a ZenML server
 * (a small thread pool behind one database) is not flooded by one scheduled job.
 */
export class Pool {
  readonly limit: number;
  readonly #queue: Array<() => void> = [];
  #running = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`internal: a pool needs a limit of 1 or more, not ${limit}`);
    this.limit = limit;
  }

  /** Runs `task` when a slot is free; settles as the task does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#running++;
        // A task that throws synchronously still frees its slot.
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => {
            this.#running--;
            this.#queue.shift()?.();
          });
      };
      if (this.#running < this.limit) start();
      else this.#queue.push(start);
    });
  }
}
