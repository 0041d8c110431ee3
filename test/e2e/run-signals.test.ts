import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDat } from '../../src/format/decode.js';
import { readOneRun, readTreeReport } from '../helpers/dat.js';
import { alive, memprof, tempDir, waitFor } from '../helpers/memprof.js';
import { runTree, treeCommand, type TreeSpec } from '../helpers/tree.js';

test('exit codes pass through: 3, and 128+N for a command killed by signal N', async () => {
  const three = await runTree({ alloc: 5, hold: 100, exit: 3 }, []);
  assert.equal(three.result.code, 3);
  assert.equal(three.recording().done?.exitCode, 3);
  const dir = tempDir();
  const killed = await memprof(['run', '-o', join(dir, 'k.dat'), '--', 'sh', '-c', 'sleep 0.1; kill -TERM $$']);
  assert.equal(killed.code, 128 + 15);
});

/** Lines of `type` in what memprof has written so far (the file grows tick by tick). */
function linesOf(text: string, type: string): number {
  return text.split('\n').filter((l) => l.startsWith(`${type} `)).length;
}

interface RunningTreeOptions {
  /** What the file must hold before `act` (default: a MEM line): memprof is sampling the tree by then. */
  sampled?: (text: string) => boolean;
  /** End the tree once memprof exits: a tree that outlives memprof would hold its output open. */
  endTreeOnExit?: boolean;
}

/** Start a tree under memprof, wait until its root has started and been sampled, then `act(memprofPid, rootPid)`. */
async function withRunningTree(
  spec: TreeSpec,
  args: string[],
  act: (memprofPid: number, rootPid: number) => void,
  { sampled = (text) => linesOf(text, 'MEM') >= 1, endTreeOnExit = false }: RunningTreeOptions = {},
) {
  const dir = tempDir();
  const datFile = join(dir, 'out.dat');
  const reportFile = join(dir, 'report.jsonl');
  let memprofPid = 0;
  let rootPid = 0;
  const finished = memprof(['run', ...args, '-o', datFile, ...treeCommand(spec)], {
    cwd: dir,
    env: { TREE_REPORT: reportFile },
    onStart: (pid) => {
      memprofPid = pid;
    },
    onExit: () => {
      if (endTreeOnExit && rootPid !== 0) process.kill(-rootPid, 'SIGKILL');
    },
  });
  const root = await waitFor(
    () => readTreeReport(reportFile).find((e) => e.name === 'root' && e.allocated !== undefined),
    10_000,
    'the tree to start',
  );
  rootPid = root.pid;
  await waitFor(() => sampled(readFileSync(datFile, 'utf8')), 10_000, 'memprof to sample the tree');
  act(memprofPid, root.pid);
  const result = await finished;
  return { result, datFile, reportFile, rootPid: root.pid };
}

test('Ctrl-C reaches the target, whose exit code memprof returns, and the file is closed cleanly', async () => {
  const spec: TreeSpec = { name: 'root', alloc: 10, hold: 20_000, onSignal: { SIGINT: 42 } };
  const { result, datFile, reportFile } = await withRunningTree(spec, ['-M'], (pid) => process.kill(pid, 'SIGINT'));
  assert.equal(result.code, 42, result.stderr);
  assert.ok(
    readTreeReport(reportFile).some((e) => e.signal === 'SIGINT'),
    'the target saw SIGINT',
  );
  const [rec] = decodeDat(readFileSync(datFile, 'utf8'));
  assert.equal(rec!.done?.exitCode, 42);
  assert.deepEqual(rec!.warnings, []);
});

test('SIGTERM to memprof: a target that dies of it gives 143', async () => {
  const { result } = await withRunningTree({ name: 'root', hold: 20_000 }, [], (pid) => process.kill(pid, 'SIGTERM'));
  assert.equal(result.code, 143);
});

test('memprof killed with SIGKILL: the file is readable up to its last whole line', async () => {
  const spec: TreeSpec = { name: 'root', alloc: 10, hold: 20_000, children: [{ name: 'c', alloc: 5, hold: 20_000 }] };
  const { result, datFile, rootPid } = await withRunningTree(
    spec,
    ['-M', '-T', '1ms'],
    (pid) => process.kill(pid, 'SIGKILL'),
    { sampled: (text) => linesOf(text, 'MEM') > 50 && linesOf(text, 'CHLD') > 0, endTreeOnExit: true },
  );
  try {
    assert.equal(result.signal, 'SIGKILL');
    const text = readFileSync(datFile, 'utf8');
    assert.ok(text.endsWith('\n'), 'ends with a whole line');
    const [rec] = decodeDat(text);
    assert.equal(rec!.done, null, 'no DONE line: the run did not end cleanly');
    assert.ok(rec!.mem.t.length > 50);
    assert.ok(rec!.processes.some((p) => p.samples.t.length > 0));
  } finally {
    endGroup(rootPid); // the target outlives a killed memprof: onExit ended it, unless an assertion came first
  }
});

function endGroup(pgid: number): void {
  // -0 would be this test's own process group.
  if (!(pgid > 1)) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* gone already */
  }
}

/**
 * `memprof run <flags> --timeout 0.5` on a tree that has started, however slowly the machine starts it: the
 * command first stops memprof (`kill -STOP $PPID`, a shell builtin, done long before the half second is up)
 * and memprof is continued once every process of the tree has reported, so the timeout fires on them all.
 */
async function timedOutTree(spec: TreeSpec, flags: string[], reporters: string[]) {
  const dir = tempDir();
  const datFile = join(dir, 'out.dat');
  const reportFile = join(dir, 'report.jsonl');
  const stopThenExec = 'kill -STOP $PPID && exec "$0" "$@"';
  let memprofPid = 0;
  const started = Date.now();
  const finished = memprof(
    ['run', ...flags, '--timeout', '0.5', '-o', datFile, 'sh', '-c', stopThenExec, ...treeCommand(spec)],
    { cwd: dir, env: { TREE_REPORT: reportFile }, onStart: (pid) => (memprofPid = pid) },
  );
  const ready = (): boolean => {
    const events = readTreeReport(reportFile);
    return reporters.every((name) => events.some((e) => e.name === name && e.allocated !== undefined));
  };
  await waitFor(ready, 20_000, `${reporters.join(', ')} to start`);
  process.kill(memprofPid, 'SIGCONT');
  const result = await finished;
  return {
    result,
    ms: Date.now() - started,
    events: () => readTreeReport(reportFile),
    recording: () => readOneRun(datFile),
  };
}

test('--timeout ends a tree that ignores SIGTERM: exit 124, nothing left running', async () => {
  const spec: TreeSpec = {
    name: 'root',
    hold: 30_000,
    onSignal: { SIGTERM: null },
    children: [{ name: 'c', hold: 30_000, onSignal: { SIGTERM: null } }],
  };
  const run = await timedOutTree(spec, ['-M'], ['root', 'c']);
  assert.equal(run.result.code, 124, run.result.stderr);
  assert.match(run.result.stderr, /--timeout 0\.5 s reached/);
  assert.ok(run.ms < 10_000, `took ${run.ms} ms`);
  const pids = run.events().map((e) => e.pid);
  assert.ok(pids.length >= 2);
  await waitFor(() => pids.every((pid) => !alive(pid)), 5000, 'the tree to be gone');
  assert.equal(run.recording().done?.exitCode, 124);
});

test('--timeout also ends a descendant that ignores SIGTERM after the command obeyed it', async () => {
  const spec: TreeSpec = {
    name: 'root',
    hold: 30_000,
    children: [{ name: 'c', hold: 30_000, onSignal: { SIGTERM: null } }],
  };
  // The two runs are independent: each waits out the same grace before SIGKILL, so they wait together.
  const flagSets = [['-M'], []];
  const runs = await Promise.all(flagSets.map((flags) => timedOutTree(spec, flags, ['root', 'c'])));
  for (const [i, run] of runs.entries()) {
    const flags = flagSets[i]!;
    assert.equal(run.result.code, 124, run.result.stderr);
    // Its output pipes close only when the last process holding them (the child) is gone: not after 30 s.
    assert.ok(run.ms < 10_000, `took ${run.ms} ms`);
    const child = run.events().find((e) => e.name === 'c' && e.allocated !== undefined)!.pid;
    assert.ok(
      run.events().some((e) => e.name === 'c' && e.signal === 'SIGTERM'),
      'the child got SIGTERM and ignored it',
    );
    // memprof returns after the grace, with the child already sent SIGKILL.
    await waitFor(() => !alive(child), 1000, `pid ${child} (${flags.join(' ') || 'no -M'}) to be gone`);
  }
});
