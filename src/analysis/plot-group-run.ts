import type { Series } from '../format/types.js';
import { commandLabel } from './command-labels.js';
import { trendSums } from './line-reducer.js';
import type { LineKind, PlotLine, PlotRun } from './plot-data.js';
import type { GroupBy, GroupPlan } from './plot-groups.js';
import type { ScannedRun } from './plot-passes.js';
import { layerSeries, type StackReducer, type StackStore, type StackedSeries } from './plot-stack.js';

/** What the drawing pass gives of a grouped run. */
export interface StackedRun {
  store: StackStore;
  reducer: StackReducer;
}

/** A line of a grouped chart: one layer of the stack, or the stack's top (the total). */
function stackedLine(
  series: Series,
  s: ScannedRun,
  run: number,
  extra: Partial<PlotLine> & { id: string; kind: LineKind },
): PlotLine {
  let peak: PlotLine['peak'] = null;
  series.v.forEach((v, index) => {
    if (peak === null || v > peak.bytes) peak = { bytes: v, time: series.t[index]!, index };
  });
  return {
    run,
    pid: null,
    command: null,
    series,
    peak,
    hwmBytes: null,
    processes: 1,
    breaks: [],
    stepped: s.summary.metric !== 'rss',
    trend: trendSums(series),
    ...extra,
  };
}

/** A grouped run: the main process's own layer, each group's, "others", and the stack's top as the total. */
export function assembleGroups(
  s: ScannedRun,
  plan: { grouped: GroupPlan; by: GroupBy },
  drawn: StackedRun,
  place: { run: number; prefix: string },
): PlotRun {
  const { summary, facts } = s;
  const { grouped } = plan;
  const layers = 1 + grouped.groups.length + (grouped.folded.length > 0 ? 1 : 0);
  const stack: StackedSeries = drawn.reducer.finish(layers);
  const root = grouped.root;
  const lines: PlotLine[] = [];
  const rootId = `${place.prefix}${root ? `${root.pid ?? 'main'} ` : ''}main process`;
  lines.push(
    stackedLine(layerSeries(stack, 0), s, place.run, {
      id: root ? `${place.prefix}${root.pid ?? 'main'} ${commandLabel(root.command, 44)}` : rootId,
      kind: 'group',
      pid: root?.pid ?? null,
      command: root?.command ?? facts.command,
      hwmBytes: root?.hwmBytes ?? null,
    }),
  );
  grouped.groups.forEach((g, i) => {
    const members = g.members.length;
    lines.push(stackedLine(layerSeries(stack, 1 + i), s, place.run, { id: g.id, kind: 'group', processes: members }));
  });
  const foldedProcesses = grouped.folded.reduce((n, g) => n + g.members.length, 0);
  if (grouped.folded.length > 0) {
    const id = `${place.prefix}others (${grouped.folded.length} programs, ${foldedProcesses} processes)`;
    lines.push(
      stackedLine(layerSeries(stack, layers - 1), s, place.run, { id, kind: 'others', processes: foldedProcesses }),
    );
  }
  const sum = stack.t.map((_, k) => stack.layers.reduce((acc, layer) => acc + layer[k]!, 0));
  const curves = (root ? 1 : 0) + grouped.groups.reduce((n, g) => n + g.members.length, 0) + foldedProcesses;
  const total =
    stack.t.length > 0
      ? stackedLine({ t: stack.t, v: sum }, s, place.run, {
          id: `${place.prefix}total`,
          kind: 'total',
          command: facts.command,
          processes: curves,
        })
      : null;
  return {
    run: place.run,
    file: summary.file,
    command: facts.command,
    metric: summary.metric,
    memScope: summary.memScope,
    lines,
    total,
    peakLine: total,
    upperBoundBytes: total ? boundOver(summary.peakTotalUpperBoundBytes, total) : null,
    funcs: drawn.store.funcs,
    processCount: curves,
    folded: foldedProcesses,
    duration: summary.durationSeconds,
    pace: summary.pace,
    period: summary.period,
    summary,
    groupedBy: plan.by,
  };
}

/** The bound, never below the drawn total's peak. */
export function boundOver(bound: number | null, total: PlotLine): number | null {
  return bound === null ? null : Math.max(bound, total.peak?.bytes ?? 0);
}
