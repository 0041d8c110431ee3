import type { ScannedRun } from '../../analysis/plot-passes.js';
import type { FuncBracket } from '../../format/types.js';
import { peakDocument } from '../json.js';
import { type Exporter, type RunRows, tenthMs } from './exporter.js';

/** Bumped only on an incompatible change; fields may be added within a version. See docs/export.md. */
export const RUN_SCHEMA = 'memprof.run/1';

function functionJson(f: FuncBracket, start: number): Record<string, unknown> {
  return {
    name: f.name,
    startSeconds: tenthMs(f.start - start),
    endSeconds: tenthMs(f.end - start),
    memStartBytes: f.memStart,
    memEndBytes: f.memEnd,
    level: f.level,
  };
}

/**
 * The head of a run's document: `peak --json`'s fields, the sampling it was recorded with, and the opening
 * of its `total` array, which the second pass fills.
 */
function head(run: ScannedRun): string {
  const header = run.facts.header;
  const doc = {
    ...peakDocument(run.summary),
    schema: RUN_SCHEMA,
    intervalSeconds: header?.intervalSeconds ?? null,
    source: header?.source ?? null,
    perProcess: header?.perProcess ?? null,
  };
  return `${JSON.stringify(doc).slice(0, -1)},"total":[`;
}

function runRows(run: ScannedRun): RunRows {
  const start = run.summary.startTime;
  const functions: FuncBracket[] = [];
  let points = 0;
  return {
    start: () => head(run),
    sample: () => '',
    tick: (time, totalBytes) => `${points++ === 0 ? '' : ','}[${tenthMs(time - start)},${totalBytes}]`,
    func: (f) => {
      functions.push(f);
      return '';
    },
    finish: () => `],"functions":${JSON.stringify(functions.map((f) => functionJson(f, start)))}}\n`,
  };
}

/**
 * The run model as one JSON document per run, one a line: the summary `peak --json` gives, the total at
 * every tick as `[seconds, bytes]` pairs (written as they are read) and mprof's FUNC brackets.
 */
export const runJsonExporter: Exporter = { begin: () => '', rows: runRows, end: () => '' };
