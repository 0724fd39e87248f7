/**
 * Checks a Mermaid gantt chart with Mermaid itself (the devDependency `mermaid`, the library GitHub renders
 * ```mermaid blocks with): `parse` runs the grammar, and the gantt database then computes every task's dates,
 * which throws on a date the chart's dateFormat cannot read. Returns the tasks as Mermaid understood them.
 */
import mermaid from 'mermaid';

export interface GanttTask {
  readonly task: string;
  readonly section: string;
  readonly start: Date;
  readonly end: Date;
  readonly crit: boolean;
  readonly milestone: boolean;
}

/** The ```mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** Parses a gantt chart as Mermaid does; throws on a syntax error or an unreadable date. */
export async function parseGantt(text: string): Promise<GanttTask[]> {
  const parsed = await mermaid.parse(text);
  if (!parsed || parsed.diagramType !== 'gantt') throw new Error(`not a gantt chart: ${JSON.stringify(parsed)}`);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getTasks(): Array<Record<string, unknown>>; clear(): void };
  const tasks = db.getTasks().map((t) => ({
    task: String(t['task']),
    section: String(t['section']),
    start: t['startTime'] as Date,
    end: t['endTime'] as Date,
    crit: t['crit'] === true,
    milestone: t['milestone'] === true,
  }));
  db.clear();
  for (const t of tasks) {
    if (!(t.start instanceof Date) || Number.isNaN(t.start.getTime()) || !(t.end instanceof Date) || Number.isNaN(t.end.getTime())) {
      throw new Error(`task '${t.task}' has no valid dates`);
    }
  }
  return tasks;
}
