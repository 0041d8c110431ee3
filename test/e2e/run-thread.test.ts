import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDat } from '../../src/format/decode.js';
import { atNormalPriority, memprof, tempDir } from '../helpers/memprof.js';
import { StallWitness, stalledWithin, type Stall } from '../helpers/stall-witness.js';

// Once a run has lasted long enough, the ticks move to a sampling thread that sleeps in Atomics.wait; the
// main thread only waits for the command. MEMPROF_SAMPLING_THREAD_AFTER brings that moment within a test's
// few seconds. Told apart by each thread's run time (schedstat, ns), not by wall-clock timing.
// memprof runs at a real-time priority where it may (REALTIME), so the gaps between ticks are its own, but
// for the times the machine ran none of its threads: their waits for a CPU, and the stalls a witness shared.

/** Run time so far of memprof's main thread and of all its threads, in ms. */
function runTimes(pid: number): { main: number; all: number } {
  let all = 0;
  let main = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
      all += ns / 1e6;
      if (Number(tid) === pid) main = ns / 1e6;
    } catch {
      /* a thread that ended */
    }
  }
  return { main, all };
}

/**
 * How long memprof's threads have waited for a CPU so far (schedstat's run delay), in ms, summed, by thread:
 * the time a loaded machine kept them from running, which no schedule of memprof's can make up.
 */
function waitedByThread(pid: number, into: Map<string, number>): void {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[1]);
      if (Number.isFinite(ns)) into.set(tid, ns / 1e6);
    }
  } catch {
    /* memprof has exited, or a thread ended */
  }
}

/**
 * Time the host held back this machine's CPUs so far (the `steal` of /proc/stat, in 10 ms ticks), in ms:
 * a thread the host did not run waited for no CPU in schedstat's eyes, and the witness sees it only when the
 * host held back its CPU too.
 */
function stolenMs(): number {
  const cpu = /^cpu +(.*)$/m.exec(readFileSync('/proc/stat', 'latin1'))?.[1]?.split(' ');
  const ticks = Number(cpu?.[7]);
  return Number.isFinite(ticks) ? ticks * 10 : 0;
}

interface IdleProfile {
  mainShare: number;
  text: string;
  stderr: string;
  /** ms memprof's threads waited for a CPU, all told, as last seen before it exited. */
  waitedMs: number;
  /** When the machine ran nothing at memprof's priority (StallWitness). */
  stalls: Stall[];
  /** ms the host held back the machine's CPUs during the run (stolenMs). */
  stolenMs: number;
}

/** Where the main thread's share of memprof's CPU is measured: `fromMs` into the run, for a second. */
async function profileIdleTree(env: NodeJS.ProcessEnv, seconds = 2.5, fromMs = 1000): Promise<IdleProfile> {
  const dir = tempDir();
  let mainShare = NaN;
  const waited = new Map<string, number>();
  let poll: NodeJS.Timeout | undefined;
  const witness = await StallWitness.start();
  const stolenBefore = stolenMs();
  const result = await memprof(
    [
      'run',
      '-M',
      '-C',
      '-T',
      '10ms',
      '-o',
      'out.dat',
      ...atNormalPriority(['sh', '-c', `sleep ${seconds} & sleep ${seconds} & wait`]),
    ],
    {
      cwd: dir,
      env,
      realtime: true,
      onStart: (pid) => {
        poll = setInterval(() => waitedByThread(pid, waited), 10);
        setTimeout(() => {
          const a = runTimes(pid);
          setTimeout(() => {
            const b = runTimes(pid);
            mainShare = (b.main - a.main) / (b.all - a.all);
          }, 1000);
        }, fromMs);
      },
    },
  );
  clearInterval(poll);
  const stolen = stolenMs() - stolenBefore;
  const stalls = await witness.stop();
  assert.equal(result.code, 0, result.stderr);
  const waitedMs = [...waited.values()].reduce((a, b) => a + b, 0);
  const text = readFileSync(join(dir, 'out.dat'), 'utf8');
  return { mainShare, text, stderr: result.stderr, waitedMs, stalls, stolenMs: stolen };
}

/** Every tick in the file, none later than memprof's threads could run, and each process announced once. */
function assertEveryTick({ text, waitedMs, stalls, stolenMs: stolen }: IdleProfile, seconds: number): void {
  const [rec] = decodeDat(text);
  assert.deepEqual(rec!.warnings, []);
  const times = rec!.mem.t.map((t) => t * 1000);
  // Each gap less the time the machine stalled within it: memprof's own lateness.
  const gaps = times.slice(1).map((t, i) => ({ ms: t - times[i]!, stalled: stalledWithin(stalls, times[i]!, t) }));
  const worst = gaps.reduce((a, b) => (b.ms - b.stalled > a.ms - a.stalled ? b : a));
  // 30 ms of memprof's own, and whatever time its threads could not run: a tick can be no later than that.
  assert.ok(
    worst.ms - worst.stalled < 30 + waitedMs + stolen,
    `a gap between samples of ${worst.ms.toFixed(1)} ms, ${worst.stalled.toFixed(1)} ms of it a stall of the ` +
      `machine's (its threads waited ${waitedMs.toFixed(1)} ms for a CPU in all; the host held back ` +
      `${stolen} ms of CPU time)`,
  );
  assert.ok(rec!.mem.t.length > seconds * 80, `${rec!.mem.t.length} samples in ${seconds} s`);
  const pids = text
    .split('\n')
    .filter((l) => l.startsWith('PROC '))
    .map((l) => l.split(' ')[1]);
  assert.equal(new Set(pids).size, pids.length, 'each process announced once');
  assert.equal(pids.length, 3);
  assert.notEqual(rec!.done, null);
}

test('the ticks move to the sampling thread with no gap and nothing announced twice', async () => {
  const profile = await profileIdleTree({ MEMPROF_SAMPLING_THREAD_AFTER: '50' });
  assert.ok(
    profile.mainShare < 0.2,
    `the main thread ran ${(profile.mainShare * 100).toFixed(0)}% of memprof's CPU time while sampling`,
  );
  assertEveryTick(profile, 2.5);
});

test('a thread started late, after a second of ticks on the main thread, still records every tick', async () => {
  const profile = await profileIdleTree({ MEMPROF_SAMPLING_THREAD_AFTER: '1000' }, 3.5, 2000);
  assert.ok(
    profile.mainShare < 0.2,
    `the main thread ran ${(profile.mainShare * 100).toFixed(0)}% of memprof's CPU time after the thread started`,
  );
  assertEveryTick(profile, 3.5);
});

test('a run shorter than a thousand ticks keeps them on the main thread', async () => {
  const { mainShare } = await profileIdleTree({});
  assert.ok(mainShare > 0.5, `the main thread ran ${(mainShare * 100).toFixed(0)}% of memprof's CPU time`);
});

test('MEMPROF_SAMPLING_THREAD=0 keeps the ticks on the main thread', async () => {
  const { mainShare } = await profileIdleTree({ MEMPROF_SAMPLING_THREAD: '0' });
  assert.ok(mainShare > 0.5, `the main thread ran ${(mainShare * 100).toFixed(0)}% of memprof's CPU time`);
});

test('the command can write a lot to the stderr it shares with memprof while the thread samples', async () => {
  // A pipe set non-blocking in memprof is non-blocking in the command too: tr would fail with EAGAIN.
  const result = await memprof(
    [
      'run',
      '-M',
      '-o',
      join(tempDir(), 'out.dat'),
      'sh',
      '-c',
      'sleep 0.4; head -c 2000000 /dev/zero | tr "\\0" x >&2',
    ],
    { env: { MEMPROF_SAMPLING_THREAD_AFTER: '50' } },
  );
  assert.equal(result.code, 0, result.stderr.slice(-300));
  assert.ok(result.stderr.includes(`${'x'.repeat(2_000_000)}memprof: peak`), "all of it, then memprof's summary");
});
