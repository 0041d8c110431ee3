// Run by many-processes.test.ts in a Node with a small stack (--stack-size), so that a spread over a few
// tens of thousands of processes throws as one over 150,000 would with Node's default stack.
// Usage: many-processes-child.js <processes>; prints what the test asserts, as JSON.
import { buildPlotRun } from '../../src/analysis/plot-data.js';
import { summarizeRuns } from '../../src/analysis/summary.js';
import { decodeDat } from '../../src/format/decode.js';
import { peakText } from '../../src/report/peak-text.js';
import { MiB } from '../../src/units.js';
import { churnRecording } from '../../bench/churn-recording.js';

const processes = Number(process.argv[2]);

/** Whether a spread over `processes` numbers throws in this process: if not, the test would prove nothing. */
function spreadThrows(): boolean {
  try {
    Math.max(...new Array<number>(processes).fill(1));
    return false;
  } catch (error) {
    return error instanceof RangeError;
  }
}

const { text, peakMiB } = churnRecording(processes);
const [rec] = decodeDat(text, 'churn.dat');
const [run] = summarizeRuns([rec!]);
const plot = buildPlotRun(rec!, 1, { top: 10, window: null, prefixRun: false, groupBy: null });
// The default for a pool: summed by program.
const grouped = buildPlotRun(rec!, 1, { top: 10, window: null, prefixRun: false, groupBy: 'auto' });
process.stdout.write(
  JSON.stringify({
    spreadThrows: spreadThrows(),
    processes: run!.processes.length,
    peakMiB: run!.peakTotalBytes! / MiB,
    writtenPeakMiB: peakMiB,
    peakLine: peakText(run!).split('\n')[0],
    drawn: plot.lines.filter((l) => l.kind === 'process').length,
    groups: grouped.lines.filter((l) => l.kind === 'group').map((g) => g.processes),
  }),
);
