/** Time for the fake ZenML server: an injectable clock, microsecond stamps and ZenML's naive UTC format. */

/** A wall clock in microseconds since the epoch, strictly increasing within one millisecond. */
export interface MicroClock {
  /** Current time in microseconds (epoch based); two calls never return the same value within a millisecond. */
  nowMicros(): number;
  /** Current time as a Date (millisecond precision). */
  now(): Date;
  /** Moves the clock forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
}

/** Creates a clock over `base` (default: real time) plus an offset that `advance` changes. */
export function createClock(base: () => Date = () => new Date()): MicroClock {
  let offsetMs = 0;
  let last = 0;
  const now = (): Date => new Date(base().getTime() + offsetMs);
  return {
    now,
    nowMicros(): number {
      const ms = now().getTime();
      // Python's datetime.utcnow() has microseconds; successive writes inside one millisecond still
      // differ and sort in order, so stamps are bumped by 1 µs while the millisecond stays the same.
      let micros = ms * 1000;
      if (Math.floor(last / 1000) === ms && last >= micros) micros = Math.min(last + 1, ms * 1000 + 999);
      last = micros;
      return micros;
    },
    advance(ms: number): void {
      offsetMs += ms;
    },
  };
}

/** Formats microseconds as ZenML's naive UTC ISO text, e.g. `2026-11-22T13:38:53.220412`. */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const fraction = String(micros - Math.floor(micros / 1_000_000) * 1_000_000).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}`;
}

/** Formats optional microseconds, keeping null as null. */
export function formatOptionalMicros(micros: number | null): string | null {
  return micros === null ? null : formatMicros(micros);
}
