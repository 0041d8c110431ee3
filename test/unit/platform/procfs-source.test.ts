import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_CHECKS } from '../../../src/platform/procfs/process-files.js';
import { ProcfsSource, procfsCadence } from '../../../src/platform/procfs/source.js';
import type { TickResult } from '../../../src/platform/types.js';
import { MiB } from '../../../src/units.js';
import { PYTHON } from '../../helpers/accuracy.js';
import { tempDir, waitFor } from '../../helpers/memprof.js';

const cannotRun = (!existsSync('/proc/self/statm') && 'needs /proc') || (PYTHON === null && 'needs python3');

// Fills 64 MiB, forks once `fork` exists; the child waits for `go`, then execs argv[3:]. A child seen before
// its exec shows the parent's command line (memprof checks it again only now and then) and its pages.
const FORK_THEN_EXEC = `
import os, sys, time
fork, go, program = sys.argv[1], sys.argv[2], sys.argv[3:]
filled = bytearray(b'\\x01') * (64 << 20)
while not os.path.exists(fork):
    time.sleep(0.005)
if os.fork() == 0:
    while not os.path.exists(go):
        time.sleep(0.005)
    os.execv(program[0], program)
time.sleep(30)
`;

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

interface AfterExec {
  source: ProcfsSource;
  /** A tick of the source, whose high-water marks go to `highWater`. */
  tick: () => TickResult;
  pid: number;
  /** The child's high-water marks the source gave, in every tick so far. */
  highWater: number[];
}

/**
 * A source following the fork-then-exec tree through the child's first two ticks (the sparse checks go on
 * at its ticks 4, 8, 16...), then the exec of `program` (null: the child never execs); `after` goes on.
 */
async function execOnTickThree(program: string[] | null, after: (run: AfterExec) => void) {
  const dir = tempDir();
  const [fork, go] = [join(dir, 'fork'), join(dir, 'go')];
  const root = spawn(PYTHON!, ['-S', '-c', FORK_THEN_EXEC, fork, go, ...(program ?? [])], { stdio: 'ignore' });
  const options = { rootPid: root.pid!, rootCommand: 'root', sessionId: null, runMark: null, followTree: true };
  const source = new ProcfsSource({ ...options, metric: 'rss' }, procfsCadence(0.01), 0.01);
  let kid = 0;
  const highWater: number[] = [];
  // The tree is the root and its one child: every other high-water mark is the child's.
  const tick = () => {
    const result = source.tick();
    for (const h of result.highWater) if (h.pid !== root.pid) highWater.push(h.bytes);
    return result;
  };
  try {
    // The root is named by its own command line first: a child showing the same one has not exec'd yet.
    await waitFor(() => tick().renamed.some((r) => r.pid === root.pid), 10_000, "the root's command line");
    writeFileSync(fork, '');
    const child = await waitFor(() => tick().appeared.find((p) => p.ppid === root.pid), 10_000, 'the forked child');
    kid = child.pid;
    assert.match(child.command, /os\.fork\(\)/, 'seen between fork and exec');
    tick();
    if (program !== null) {
      writeFileSync(go, '');
      // Done once it reads as the new program's (while the exec is under way, it reads empty).
      await waitFor(() => cmdline(kid) === `${program.join('\0')}\0`, 10_000, 'the exec');
    }
    after({ source, tick, pid: kid, highWater });
  } finally {
    source.close();
    root.kill('SIGKILL');
    if (kid > 0) process.kill(kid, 'SIGKILL');
  }
}

const execed = (result: TickResult, ending: string) =>
  result.renamed.map((r) => [r.pid, !r.command.includes('os.fork') && r.command.endsWith(ending)]);

test('an exec that keeps the kernel name (python3 starting python3) is named on the next tick, by its size', {
  skip: cannotRun,
}, async () => {
  await execOnTickThree([PYTHON!, '-S', '-c', 'import time; time.sleep(30)', 'after-exec'], ({ tick, pid }) => {
    assert.deepEqual(execed(tick(), 'after-exec'), [[pid, true]]);
  });
});

test('an exec that changes the kernel name (sh starting cc) is named on the next tick', {
  skip: cannotRun || (!existsSync('/bin/sleep') && 'needs /bin/sleep'),
}, async () => {
  await execOnTickThree(['/bin/sleep', '30'], ({ tick, pid }) => {
    assert.deepEqual(execed(tick(), 'sleep 30'), [[pid, true]]);
  });
});

test('the last tick names a process by its command line after an exec that no check had read', {
  skip: cannotRun,
}, async () => {
  await execOnTickThree(
    [PYTHON!, '-S', '-c', 'import time; time.sleep(30)', 'after-exec'],
    ({ source, tick, pid, highWater }) => {
      // Its tick 3, with the size check taken away: only the last tick's read of every command line is left.
      source.state.tracked.get(pid)!.lastSize = -1;
      source.sweepNext();
      assert.deepEqual(execed(tick(), 'after-exec'), [[pid, true]]);
      // Renamed on the last tick, it still has the new program's high-water mark.
      assert.ok(highWater.length > 0 && highWater.every((b) => b < 32 * MiB), `${highWater.map((b) => b / MiB)}`);
    },
  );
});

test("a high-water mark read before a child's exec is not written as its own: it was its parent's pages", {
  skip: cannotRun,
}, async () => {
  await execOnTickThree([PYTHON!, '-S', '-c', 'import time; time.sleep(30)', 'after-exec'], (run) => {
    const own = () => run.source.state.tracked.get(run.pid)!.lastHwm;
    assert.ok(own() > 64 * MiB, `held back before the exec: ${own() / MiB} MiB, the parent's 64 MiB with it`);
    assert.deepEqual(run.highWater, [], 'nothing written before the exec');
    run.tick();
    // The new program's own, under 32 MiB (python3 -S sleeping is about 10), and nothing of the 64 MiB.
    assert.ok(run.highWater.length > 0, 'written once the exec is seen');
    assert.ok(
      run.highWater.every((b) => b < 32 * MiB),
      `${run.highWater.map((b) => b / MiB)} MiB`,
    );
  });
});

test('a forked child that never execs has its high-water mark written once its first second is over', {
  skip: cannotRun,
}, async () => {
  // `go` never comes: the child stays its parent's fork, its own pages copied from its parent's.
  await execOnTickThree(null, ({ source, tick, pid, highWater }) => {
    const files = source.state.tracked.get(pid)!;
    while (files.commandChecks > COMMAND_CHECKS) {
      assert.deepEqual(highWater, [], `held back on its tick ${files.ticks}`);
      tick();
    }
    assert.ok(highWater.length === 1 && highWater[0]! > 64 * MiB, `${highWater.map((b) => b / MiB)} MiB`);
  });
});
