import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlotRun } from '../../../src/analysis/plot-data.js';
import { summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { peakText } from '../../../src/report/peak-text.js';
import { MiB } from '../../../src/units.js';

// More processes than a JavaScript call takes arguments: a spread over them (Math.max(...all)) would throw.
const PROCESSES = 150_000;

/** The recording, and its largest tick total in MiB as the generator summed it. */
function churn(): { text: string; peakMiB: number } {
  let peakMiB = 0;
  const lines = ['MEMPROF 1 metric=rss interval=0.01 mem=root per_process=1 source=procfs', 'CMDLINE churn'];
  lines.push('PROC 1 0 1000 1000 "churn"');
  for (let pid = 2, tick = 0; pid < PROCESSES + 2; tick++) {
    const t = (1000 + tick * 0.01).toFixed(4);
    const chld: string[] = [];
    let totalMiB = 10;
    for (let k = 0; k < 10; k++, pid++) {
      const mib = 1 + (pid % 100) / 10;
      totalMiB += mib;
      lines.push(`PROC ${pid} 1 ${t} ${t} "worker ${pid % 7} --job ${pid}"`);
      chld.push(`CHLD ${pid} ${mib.toFixed(6)} ${t}`);
    }
    peakMiB = Math.max(peakMiB, totalMiB);
    lines.push(`MEM 10.000000 ${t}`, ...chld);
  }
  return { text: `${lines.join('\n')}\n`, peakMiB };
}

test(`peak and plot data of ${PROCESSES} processes: no RangeError, the right peak, the 10 largest drawn`, () => {
  const { text, peakMiB } = churn();
  const [rec] = decodeDat(text, 'churn.dat');
  const [run] = summarizeRuns([rec!]);
  assert.equal(run!.processes.length, PROCESSES + 1);
  assert.ok(
    Math.abs(run!.peakTotalBytes! / MiB - peakMiB) < 0.001,
    `${run!.peakTotalBytes! / MiB} MiB, ${peakMiB} written`,
  );
  assert.match(peakText(run!).split('\n')[0]!, /^churn\.dat\t\d+\.\d{3} MiB\t/);
  const plot = buildPlotRun(rec!, 1, { top: 10, window: null, prefixRun: false });
  assert.equal(plot.lines.filter((l) => l.kind === 'process').length, 10);
});
