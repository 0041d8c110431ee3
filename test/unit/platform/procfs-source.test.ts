import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcfsSource, procfsCadence } from '../../../src/platform/procfs/source.js';
import type { TickResult } from '../../../src/platform/types.js';
import { PYTHON } from '../../helpers/accuracy.js';
import { tempDir, waitFor } from '../../helpers/memprof.js';

const cannotRun = (!existsSync('/proc/self/statm') && 'needs /proc') || (PYTHON === null && 'needs python3');

// Maps 32 MiB, forks once `fork` exists; the child waits for `go`, then execs argv[3:]. A child seen before
// its exec shows the parent's command line, and memprof checks it again only now and then.
const FORK_THEN_EXEC = `
import os, sys, time
fork, go, program = sys.argv[1], sys.argv[2], sys.argv[3:]
mapped = bytearray(32 << 20)
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

/**
 * A source following the fork-then-exec tree through the child's first two ticks (the sparse checks go on
 * at its ticks 4, 8, 16...), then the exec of `program`; `after` gets the source and the child's pid.
 */
async function execOnTickThree(program: string[], after: (source: ProcfsSource, pid: number) => void) {
  const dir = tempDir();
  const [fork, go] = [join(dir, 'fork'), join(dir, 'go')];
  const root = spawn(PYTHON!, ['-S', '-c', FORK_THEN_EXEC, fork, go, ...program], { stdio: 'ignore' });
  const options = { rootPid: root.pid!, rootCommand: 'root', sessionId: null, runMark: null, followTree: true };
  const source = new ProcfsSource({ ...options, metric: 'rss' }, procfsCadence(0.01), 0.01);
  let kid = 0;
  try {
    // The root is named by its own command line first: a child showing the same one has not exec'd yet.
    await waitFor(() => source.tick().renamed.some((r) => r.pid === root.pid), 10_000, "the root's command line");
    writeFileSync(fork, '');
    const child = await waitFor(
      () => source.tick().appeared.find((p) => p.ppid === root.pid),
      10_000,
      'the forked child',
    );
    kid = child.pid;
    assert.match(child.command, /os\.fork\(\)/, 'seen between fork and exec');
    source.tick();
    writeFileSync(go, '');
    // Done once it reads as the new program's (while the exec is under way, it reads empty).
    await waitFor(() => cmdline(kid) === `${program.join('\0')}\0`, 10_000, 'the exec');
    after(source, kid);
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
  await execOnTickThree([PYTHON!, '-S', '-c', 'import time; time.sleep(30)', 'after-exec'], (source, pid) => {
    assert.deepEqual(execed(source.tick(), 'after-exec'), [[pid, true]]);
  });
});

test('an exec that changes the kernel name (sh starting cc) is named on the next tick', {
  skip: cannotRun || (!existsSync('/bin/sleep') && 'needs /bin/sleep'),
}, async () => {
  await execOnTickThree(['/bin/sleep', '30'], (source, pid) => {
    assert.deepEqual(execed(source.tick(), 'sleep 30'), [[pid, true]]);
  });
});

test('the last tick names a process by its command line after an exec that no check had read', {
  skip: cannotRun,
}, async () => {
  await execOnTickThree([PYTHON!, '-S', '-c', 'import time; time.sleep(30)', 'after-exec'], (source, pid) => {
    // Its tick 3, with the size check taken away: only the last tick's read of every command line is left.
    source.state.tracked.get(pid)!.lastSize = -1;
    source.sweepNext();
    assert.deepEqual(execed(source.tick(), 'after-exec'), [[pid, true]]);
  });
});
