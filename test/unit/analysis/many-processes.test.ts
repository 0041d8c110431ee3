import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlotRun } from '../../../src/analysis/plot-data.js';
import { summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { peakText } from '../../../src/report/peak-text.js';
import { MiB } from '../../../src/units.js';
import { churnRecording } from '../../../bench/churn-recording.js';

// More processes than a JavaScript call takes arguments: a spread over them (Math.max(...all)) would throw.
const PROCESSES = 150_000;
const churn = (): { text: string; peakMiB: number } => churnRecording(PROCESSES);

const LIMIT = { timeout: 120_000 };

test(`peak and plot data of ${PROCESSES} processes: no RangeError, the right peak, the 10 largest drawn`, LIMIT, () => {
  const { text, peakMiB } = churn();
  const [rec] = decodeDat(text, 'churn.dat');
  const [run] = summarizeRuns([rec!]);
  assert.equal(run!.processes.length, PROCESSES + 1);
  assert.ok(
    Math.abs(run!.peakTotalBytes! / MiB - peakMiB) < 0.001,
    `${run!.peakTotalBytes! / MiB} MiB, ${peakMiB} written`,
  );
  assert.match(peakText(run!).split('\n')[0]!, /^churn\.dat\t\d+\.\d{3} MiB\t/);
  const plot = buildPlotRun(rec!, 1, { top: 10, window: null, prefixRun: false, groupBy: null });
  assert.equal(plot.lines.filter((l) => l.kind === 'process').length, 10);
  // The default for a pool: summed by program, the 150,000 workers in one group (a copy per member made it
  // quadratic: minutes, where this takes seconds).
  const grouped = buildPlotRun(rec!, 1, { top: 10, window: null, prefixRun: false, groupBy: 'auto' });
  const groups = grouped.lines.filter((l) => l.kind === 'group');
  assert.deepEqual(
    groups.map((g) => g.processes),
    [1, PROCESSES],
  );
});
