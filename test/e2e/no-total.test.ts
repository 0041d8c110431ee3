import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkVerb, diffVerb, peakVerb, plotOptions, runVerb } from '../helpers/in-process.js';
import { tempDir } from '../helpers/memprof.js';
import { writeDat } from '../helpers/recordings.js';
import { plotCommand } from '../../src/commands/plot.js';

// A recording without a MEM line has no total: every verb says so and why, and none prints NaN.

const HEADER = 'MEMPROF 1 metric=rss interval=0.1 mem=root per_process=1 source=procfs exits=final';
const dir = tempDir();
/** A descendant was read (5 then 7 MiB), the main process never: a quiet process attached to, say. */
const chld = writeDat(
  dir,
  'chld.dat',
  [
    HEADER,
    'CMDLINE sleep 1',
    'PROC 10 1 100.0 100.0 "sleep 1"',
    'PROC 11 10 100.0 100.0 "child"',
    'CHLD 11 5.000000 100.1000',
    'CHLD 11 7.000000 100.2000',
    'EXIT 11 100.2 100.3',
    'DONE 100.4 0',
    '',
  ].join('\n'),
);
/** Nothing was read: a command that ended before its first reading. */
const closed = writeDat(dir, 'closed.dat', `${HEADER}\nCMDLINE true\nDONE 100.4 0\n`);
const REASON = {
  [chld]: 'no MEM line: the main process was never read',
  [closed]: 'no sample: the recording ended before its first reading',
};

for (const file of [chld, closed]) {
  test(`${file === chld ? 'processes without a MEM line' : 'no sample at all'}: no total, said by every verb`, async () => {
    const why = REASON[file]!;
    const peak = await runVerb(peakVerb([file]));
    const json = await runVerb(peakVerb([file], { json: true }));
    const check = await runVerb(checkVerb(file, { maxPeak: '1GiB', summary: join(dir, 'summary.md') }));
    const diff = await runVerb(diffVerb(file, file));
    for (const r of [peak, json, check, diff]) {
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /NaN|undefined|Infinity/);
    }
    assert.ok(peak.stdout.startsWith(`${file}\tno total\tno total (${why}) of a `), peak.stdout);
    const doc = JSON.parse(json.stdout);
    assert.deepEqual([doc.peakTotalBytes, doc.peakTotalAtSeconds, doc.holderAtPeak], [null, null, null]);
    assert.deepEqual(
      doc.processes.map((p: { pid: number; peakBytes: number }) => [p.pid, p.peakBytes]),
      file === chld ? [[11, 7 * 1024 * 1024]] : [],
    );
    assert.equal(check.stdout, `memprof: --max-peak 1.00 GiB not judged: ${file} has no total (${why})\n`);
    assert.match(readFileSync(join(dir, 'summary.md'), 'utf8'), new RegExp(`No total \\(${why}\\)\\.`));
    assert.match(diff.stdout, new RegExp(`^note: a has no total \\(${why}\\)$`, 'm'));
    // A chart needs a line to draw: the processes', or else it says there is nothing to plot.
    const svg = join(dir, `${file === chld ? 'chld' : 'closed'}.svg`);
    const plot = await runVerb((io) => plotCommand(plotOptions(io, [file], { output: svg })));
    assert.doesNotMatch(plot.stdout + plot.stderr, /NaN/);
    if (file === chld) {
      assert.equal(plot.code, 0, plot.stderr);
      const drawn = readFileSync(svg, 'utf8');
      assert.doesNotMatch(drawn, /NaN/);
      // The chart says why it draws no total, in the words of every other verb.
      assert.ok(drawn.includes(`no tree total (${why})`), 'the subtitle gives the reason');
      assert.doesNotMatch(drawn, /no -M or -C/);
    } else {
      assert.equal(plot.code, 2);
      assert.match(plot.stderr, /nothing to plot/);
      assert.equal(existsSync(svg), false);
    }
  });
}
