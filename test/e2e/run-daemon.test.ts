import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOneRun, maxOf, processByPid } from '../helpers/dat.js';
import { FIXTURES, memprof, tempDir, waitFor } from '../helpers/memprof.js';
import { MiB } from '../../src/units.js';
import { tool } from '../helpers/accuracy.js';

const HOLDER = join(FIXTURES, 'exec-hold.py');
const skip = (tool('python3') === null || !existsSync('/usr/bin/setsid')) && 'needs python3 and setsid';

function reportedPid(path: string): Promise<{ pid: number; rss: number }> {
  return waitFor(
    () =>
      existsSync(path) &&
      readFileSync(path, 'utf8').includes('\n') &&
      (JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!) as { pid: number; rss: number }),
    10_000,
    "the daemon's report",
  );
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

test("a daemon that left the session (setsid -f) is found by the run's environment mark and sampled", {
  skip,
}, async () => {
  const dir = tempDir();
  const report = join(dir, 'report.jsonl');
  const out = join(dir, 'x.dat');
  // setsid -f forks, and its child leads a new session, re-parented to init once the fork's parent exits.
  const r = await memprof(
    ['run', '-M', '-q', '-T', '20ms', '-o', out, '--', 'sh', '-c', `setsid -f python3 ${HOLDER} 60 700; sleep 1.4`],
    { env: { EXEC_REPORT: report } },
  );
  assert.equal(r.code, 0, r.stderr);
  const truth = await reportedPid(report);
  const daemon = processByPid(readOneRun(out), truth.pid);
  assert.ok(daemon.samples.v.length >= 5, `sampled (${daemon.samples.v.length} samples)`);
  const peak = maxOf(daemon.samples.v);
  assert.ok(
    Math.abs(peak - truth.rss) <= truth.rss * 0.05,
    `peak ${peak / MiB} MiB, its own smaps_rollup says ${truth.rss / MiB} MiB`,
  );
});

test('a daemon still running when the command exits is named, though it was started just before the exit', {
  skip,
}, async () => {
  const dir = tempDir();
  const report = join(dir, 'report.jsonl');
  const r = await memprof(
    ['run', '-M', '-o', join(dir, 'x.dat'), '--', 'setsid', '-f', 'python3', HOLDER, '30', '2500'],
    { env: { EXEC_REPORT: report } },
  );
  const { pid } = await reportedPid(report);
  try {
    assert.equal(r.code, 0, r.stderr);
    // It may still be in its shim (python3 here is a version manager's), with the shim's helpers beside it.
    assert.match(
      r.stderr,
      new RegExp(
        '^memprof: \\d+ descendants? (was|were) still running when the command exited and not recorded after it: ' +
          `.*pid ${pid} `,
        'm',
      ),
    );
  } finally {
    if (!gone(pid)) process.kill(pid, 'SIGKILL');
  }
});
