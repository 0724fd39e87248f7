import { auditOptions, DEFAULT_UNUSED_DAYS, MAX_DAYS, parseRules, type AuditOptions } from '../commands/audit/index.js';
import { InputError } from '../core/errors.js';

/** The audit's inputs (`unused-days`, `fail-on`, `ignore-rules`, `deactivate-unused`), validated; `max-key-age-days` is read with the others. */
export function readAuditInputs(input: (name: string) => string, maxKeyAgeDays: number): AuditOptions {
  const raw = input('unused-days').trim();
  if (raw !== '' && !/^\d+$/.test(raw)) throw new InputError('unused-days', `'${raw}' is not a whole number of days (1 to ${MAX_DAYS})`);
  const unusedDays = raw === '' ? DEFAULT_UNUSED_DAYS : Number(raw);
  if (unusedDays < 1 || unusedDays > MAX_DAYS) throw new InputError('unused-days', `${raw} is out of range; expected 1 to ${MAX_DAYS}`);
  const deactivate = input('deactivate-unused').trim();
  if (!['', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(deactivate)) {
    throw new InputError('deactivate-unused', `'${deactivate}' is not a boolean; expected true or false`);
  }
  const deactivateUnused = deactivate.toLowerCase() === 'true';
  return auditOptions({
    maxKeyAgeDays,
    unusedDays,
    ignore: parseRules(input('ignore-rules'), 'ignore-rules'),
    failOn: parseRules(input('fail-on'), 'fail-on'),
    deactivateUnused,
    // The action acts when asked: a workflow that sets deactivate-unused: true means it (the CLI has --apply).
    apply: deactivateUnused,
    names: { ignore: 'ignore-rules', failOn: 'fail-on', deactivateUnused: 'deactivate-unused' },
  });
}
