import type { ApiKey } from '../zenml/models.js';
import { isoMillis } from '../zenml/models.js';
import { addMinutes } from '../zenml/lost-answer.js';

/**
 * What a rotation is about to break that the person may not expect, as warnings for the log and the
 * summary: a retention window still open from an earlier rotation (ZenML keeps one previous value only, so
 * this rotation ends that window at once), and no retention on a key that something has been logging in with.
 */
export function rotationRisks(before: ApiKey, retainMinutes: number, now: Date, selfService: boolean, retainName = 'retain-minutes'): string[] {
  const risks: string[] = [];
  const what = `API key '${before.name}'`;
  const retained = before.retainPeriodMinutes ?? 0;
  if (before.lastRotated && retained > 0) {
    const until = addMinutes(before.lastRotated, retained);
    if (Date.parse(until) > now.getTime()) {
      risks.push(
        `${what} was rotated at ${isoMillis(before.lastRotated)} with ${retained} minutes of retention, until ${until}. ` +
          'This rotation ended that window at once: the value before the last rotation stopped working now.',
      );
    }
  }
  // A self-rotation's own login is the last login, so it says nothing about other holders.
  if (retainMinutes === 0 && before.lastLogin && !selfService) {
    risks.push(
      `${retainName} is 0, so the previous value of ${what} stopped working at once, and it was last used at ${isoMillis(before.lastLogin)}. ` +
        `Workloads that still hold it fail until they get the new key: give ${retainName} for a zero-downtime rotation.`,
    );
  }
  return risks;
}
