import type { AuditReport } from '../commands/audit/index.js';

// A Mermaid gantt chart of each key's life, for the job summary (GitHub renders ```mermaid blocks there). One
// section per account; per key: the value before its last rotation, the current value (red when stale), the
// retention window of the previous value, the time since the last login (red when unused), and the last login
// as a milestone. Mermaid renders the "today" line itself.

/** Keys charted at most: a readable picture, and far below Mermaid's 50,000-character limit on GitHub. */
export const CHART_MAX_KEYS = 25;

/**
 * The chart as a ```mermaid block, keys with findings first, or '' when there is no key. Server names are
 * reduced to letters, digits and `_.-/@ ` (a gantt line ends its task name at `:`, `#` starts an entity and `;`
 * a statement): the tables next to it show them exactly.
 */
export function keyLifeChart(report: AuditReport): { markdown: string; charted: number; total: number } {
  const flagged = new Map<string, Set<string>>();
  for (const f of report.findings) if (f.apiKeyId) flagged.set(f.apiKeyId, (flagged.get(f.apiKeyId) ?? new Set()).add(f.rule));
  const all = report.accounts.flatMap((account) => account.keys.map((key) => ({ account, key })));
  const chosen = [...all.filter(({ key }) => flagged.has(key.id)), ...all.filter(({ key }) => !flagged.has(key.id))].slice(0, CHART_MAX_KEYS);
  if (chosen.length === 0) return { markdown: '', charted: 0, total: 0 };
  const order = new Map(all.map(({ key }, i) => [key.id, i]));
  chosen.sort((a, b) => (order.get(a.key.id) ?? 0) - (order.get(b.key.id) ?? 0));

  const now = Date.parse(report.at);
  const lines = ['gantt', '  dateFormat YYYY-MM-DDTHH:mm:ss', '  axisFormat %Y-%m-%d'];
  let section: string | undefined;
  let n = 0;
  for (const { account, key } of chosen) {
    if (account.id !== section) {
      section = account.id;
      lines.push(`  section ${label(account.name)}${account.active ? '' : ' (inactive)'}`);
    }
    const rules = flagged.get(key.id) ?? new Set<string>();
    // "key" first: a task line that started with the key's name could start with a gantt keyword (section, click, title…).
    const name = `key ${label(key.name)}`;
    const task = (text: string, tags: readonly string[], start: number, end: number | '0d') => {
      n++;
      const until = end === '0d' ? '0d' : stamp(Math.max(end, start));
      lines.push(`  ${text} :${[...tags, `k${n}`].join(', ')}, ${stamp(start)}, ${until}`);
    };
    const created = Date.parse(key.created);
    const rotated = key.lastRotated ? Date.parse(key.lastRotated) : undefined;
    if (rotated !== undefined) task(`${name} before rotation`, ['done'], created, rotated);
    const valueState = !key.active ? ['done'] : rules.has('stale') ? ['crit'] : ['active'];
    task(`${name} ${key.active ? 'current value' : 'inactive'}${rules.has('stale') ? ' - stale' : ''}`, valueState, rotated ?? created, now);
    if (rotated !== undefined && (key.retainPeriodMinutes ?? 0) > 0) {
      task(`${name} previous value kept`, rules.has('retention-open') ? ['active'] : ['done'], rotated, rotated + (key.retainPeriodMinutes ?? 0) * 60_000);
    }
    if (key.active) {
      const since = key.lastLogin ? Date.parse(key.lastLogin) : created;
      task(`${name} ${key.lastLogin ? 'since last login' : 'never used'}${rules.has('unused') ? ' - unused' : ''}`, rules.has('unused') ? ['crit'] : [], since, now);
    }
    if (key.lastLogin) task(`${name} last login`, rules.has('unused') ? ['crit', 'milestone'] : ['milestone'], Date.parse(key.lastLogin), '0d');
  }
  const markdown = `\`\`\`mermaid\n${lines.join('\n')}\n\`\`\`\n`;
  return { markdown, charted: chosen.length, total: all.length };
}

/** A name as a gantt label: only characters that mean nothing to Mermaid, at most 40 of them. */
export function label(text: string): string {
  const safe = text.replace(/[^\p{L}\p{N}_.\-/@ ]/gu, '_').replace(/\s+/g, ' ').trim();
  return (safe.length > 40 ? `${safe.slice(0, 37)}...` : safe) || '_';
}

/** UTC time as the chart's dateFormat (no zone: Mermaid reads it as the reader's local time, a few hours at most). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
