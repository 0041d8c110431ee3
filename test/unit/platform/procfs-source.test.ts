import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcfsSource, procfsCadence } from '../../../src/platform/procfs/source.js';
import { PYTHON } from '../../helpers/accuracy.js';
import { tempDir, waitFor } from '../../helpers/memprof.js';

const cannotRun = (!existsSync('/proc/self/statm') && 'needs /proc') || (PYTHON === null && 'needs python3');

// Forks once `fork` exists; the child waits for `go` and then execs the same interpreter: the kernel's name
// stays `python3`, so only its command line tells, as with Python's posix_spawn of itself or Node forking Node.
// ('after' '-exec' is one string to Python, and the script's text does not contain what it becomes.)
const FORK_THEN_EXEC = `
import os, sys, time
fork, go = sys.argv[1], sys.argv[2]
while not os.path.exists(fork):
    time.sleep(0.005)
pid = os.fork()
if pid == 0:
    while not os.path.exists(go):
        time.sleep(0.005)
    os.execv(sys.executable, [sys.executable, '-S', '-c', 'import time; time.sleep(30)', 'after' '-exec'])
time.sleep(30)
`;

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

test('the last tick names a process by its command line after an exec the sparse checks had not reached', {
  skip: cannotRun,
}, async () => {
  const dir = tempDir();
  const [fork, go] = [join(dir, 'fork'), join(dir, 'go')];
  const root = spawn(PYTHON!, ['-S', '-c', FORK_THEN_EXEC, fork, go], { stdio: 'ignore' });
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
    source.tick(); // its tick 2: the checks go on at ticks 4, 8, 16...
    writeFileSync(go, '');
    await waitFor(() => cmdline(child.pid).includes('after-exec'), 10_000, 'the exec');
    // The command ends now: the last tick is the child's tick 3, which the sparse checks skip.
    source.sweepNext();
    const last = source.tick();
    assert.deepEqual(
      last.renamed.map((r) => [r.pid, r.command.endsWith('after-exec')]),
      [[child.pid, true]],
      'renamed on the last tick',
    );
  } finally {
    source.close();
    root.kill('SIGKILL');
    if (kid > 0) process.kill(kid, 'SIGKILL');
  }
});
