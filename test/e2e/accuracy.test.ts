import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PYTHON, runPython, within } from '../helpers/accuracy.js';
import { maxOf } from '../helpers/dat.js';
import { summarizeRun } from '../../src/analysis/summary.js';
import { MiB } from '../../src/units.js';

const noPython = PYTHON ? false : 'needs /usr/bin/python3 (os.fork: node cannot fork without exec)';

interface ChildReport {
  pid: number;
  ppid: number;
  hwm: number;
  touched: number;
  lived_ms: number;
}

test('short-lived children (40 holding 4 MiB for 30 ms) at the defaults: ' +
  '>= 95% recorded at full size, with command, parent, and peak', {
  skip: noPython,
}, async () => {
  const {
    result,
    recording: rec,
    report,
  } = await runPython('short_lived.py', ['40', '30', '4', '50'], ['-M'], 'SHORT_REPORT', { realtime: true });
  assert.equal(result.code, 0, result.stderr);
  const children = report
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ChildReport);
  assert.equal(children.length, 40);
  let atFullSize = 0;
  for (const c of children) {
    const p = rec.processes.find((r) => r.pid === c.pid && r.samples.t.length > 0);
    if (!p) continue;
    assert.equal(p.ppid, c.ppid, `pid ${c.pid}: parent`);
    assert.match(p.command ?? '', /short_lived\.py/);
    // The kernel's high-water mark is exact whatever the timing: memprof's must match the child's own.
    assert.ok(
      within(p.hwmBytes ?? 0, c.hwm, 0.1),
      `pid ${c.pid}: HWM ${(p.hwmBytes ?? 0) / MiB} MiB, own ${c.hwm / MiB} MiB`,
    );
    // A sample within the 30 ms hold sees what the child touched (its VmHWM right after filling 4 MiB).
    if (within(maxOf(p.samples.v), c.touched, 0.1)) atFullSize++;
  }
  assert.ok(atFullSize >= 38, `${atFullSize} of 40 children sampled at full size`);
});

interface CowReport {
  baseline: number;
  shared: number;
  workers: number;
  own: number;
}

async function cowTotal(metric: string): Promise<{ peak: number; upper: number | null; cow: CowReport }> {
  const { result, recording, report } = await runPython(
    'cow_pool.py',
    ['200', '4', '20', '1200'],
    ['-M', '-C', '--metric', metric],
    'COW_REPORT',
    { realtime: true },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, new RegExp(`^memprof: peak ${metric.toUpperCase()} `, 'm'));
  const run = summarizeRun(recording);
  assert.equal(run.metric, metric);
  return { peak: run.peakTotalBytes!, upper: run.peakTotalUpperBoundBytes, cow: JSON.parse(report) as CowReport };
}

test('copy-on-write tree: the PSS total is within 15% of what was really used; ' +
  'the RSS total counts the shared part K+1 times', {
  skip: noPython,
}, async () => {
  const pss = await cowTotal('pss');
  const rss = await cowTotal('rss');
  const used = pss.cow.baseline + pss.cow.shared + pss.cow.workers * pss.cow.own;
  assert.ok(within(pss.peak, used, 0.15), `PSS total ${pss.peak / MiB} MiB, used ${used / MiB} MiB`);
  const counted = (pss.cow.workers + 1) * (pss.cow.baseline + pss.cow.shared) + pss.cow.workers * pss.cow.own;
  assert.ok(within(rss.peak, counted, 0.15), `RSS total ${rss.peak / MiB} MiB, expected about ${counted / MiB} MiB`);
  assert.ok(
    rss.upper !== null && rss.upper >= rss.peak && rss.upper <= rss.peak * 1.15,
    `bracket ${rss.peak / MiB}..${(rss.upper ?? 0) / MiB} MiB`,
  );
});
