import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processByPid, maxOf, readOneRun } from '../helpers/dat.js';
import { memprof, tempDir, waitFor } from '../helpers/memprof.js';
import { runTree, type TreeSpec } from '../helpers/tree.js';
import { totalSeries } from '../../src/analysis/curves.js';
import { summarizeRun } from '../../src/analysis/summary.js';
import { peakOf } from '../../src/analysis/peaks.js';
import { MiB } from '../../src/units.js';

const TREE: TreeSpec = {
  name: 'root',
  alloc: 30,
  hold: 1200,
  children: [
    { name: 'a', alloc: 60, hold: 1000, children: [{ name: 'a1', alloc: 40, hold: 800 }] },
    { name: 'b', alloc: 80, hold: 900 },
  ],
};

/**
 * TREE recorded with -M from each source, once: read by the peaks test, and by the still-running test as a
 * tree whose descendants have all been waited for.
 */
const treeRuns = new Map<'procfs' | 'ps', ReturnType<typeof runTree>>();
function treeRun(source: 'procfs' | 'ps'): ReturnType<typeof runTree> {
  const run = treeRuns.get(source) ?? runTree(TREE, ['-M', '--source', source]);
  treeRuns.set(source, run);
  return run;
}

/** Each process's recorded peak once it allocated, less its own RSS before, is within 10% of what it allocated. */
function assertPeaksMatchAllocations(source: 'procfs' | 'ps'): Promise<void> {
  return treeRun(source).then(({ result, recording, events }) => {
    assert.equal(result.code, 0, result.stderr);
    const rec = recording();
    assert.equal(rec.header?.source, source);
    const allocations = events().filter((e) => e.allocated !== undefined);
    assert.equal(allocations.length, 4);
    for (const e of allocations) {
      const series = e.name === 'root' ? rec.mem : processByPid(rec, e.pid).samples;
      // From its report on: a tick between a child's fork and its exec (a loaded machine) reads, truly, the
      // parent's pages it still shares, which are not this process's own allocation.
      const own = series.v.filter((_, i) => series.t[i]! >= e.at!);
      const grew = maxOf(own) - e.baseline!;
      assert.ok(
        Math.abs(grew - e.allocated!) <= 0.1 * e.allocated!,
        `${e.name} (pid ${e.pid}): grew ${(grew / MiB).toFixed(1)} MiB, allocated ${e.allocated! / MiB} MiB`,
      );
      if (e.name !== 'root')
        assert.equal(processByPid(rec, e.pid).ppid, allocations.find((p) => p.pid === e.ppid)?.pid);
    }
    const grandchild = processByPid(rec, allocations.find((e) => e.name === 'a1')!.pid);
    assert.match(grandchild.command ?? '', /tree\.py .*a1/);
    assert.match(
      result.stderr,
      /^memprof: peak RSS .* at .* of a .* run.*; at the peak pid \d+ \(.*\) held the most: .* -> .*out\.dat$/m,
    );
  });
}

test('procfs: every child and grandchild is its own series, peak within 10% of what it allocated', () =>
  assertPeaksMatchAllocations('procfs'));

test('ps source (ps + pidusage): the same tree, the same peaks', () => assertPeaksMatchAllocations('ps'));

test('-C: MEM is the whole tree, per-process series are not written without -M, and no process is named as holding it', async () => {
  const { result, recording, events, datFile } = await runTree(TREE, ['-C']);
  assert.equal(result.code, 0, result.stderr);
  const rec = recording();
  assert.equal(rec.header?.memScope, 'tree');
  assert.ok(
    rec.processes.every((p) => p.samples.t.length === 0),
    'no CHLD lines without -M',
  );
  const allocated = events().reduce((sum, e) => sum + (e.allocated ?? 0) + (e.baseline ?? 0), 0);
  const peak = peakOf(totalSeries(rec))!.bytes;
  assert.ok(Math.abs(peak - allocated) <= 0.1 * allocated, `tree peak ${peak / MiB} vs ${allocated / MiB} MiB`);
  // MEM less no descendant is the whole tree, not the root's own 30 MiB: the root must not be listed with it.
  const shown = await memprof(['peak', '--json', datFile]);
  assert.equal(shown.code, 0, shown.stderr);
  const doc = JSON.parse(shown.stdout);
  assert.equal(doc.ownSizesKnown, false);
  assert.deepEqual(doc.processes, []);
  assert.equal(doc.holderAtPeak, null);
  assert.ok(Math.abs(doc.peakTotalBytes - allocated) <= 0.1 * allocated, `peak --json ${doc.peakTotalBytes / MiB} MiB`);
  // What the file does say of each process: its kernel high-water mark, its RSS before plus what it allocated.
  const rows = doc.hwmOnlyProcesses as Array<{ pid: number; hwmBytes: number }>;
  const reported = events().filter((e) => e.allocated !== undefined);
  assert.deepEqual(rows.map((r) => r.pid).sort(), reported.map((e) => e.pid).sort(), 'each process, once');
  for (const e of reported) {
    const held = e.baseline! + e.allocated!;
    const hwm = rows.find((r) => r.pid === e.pid)!.hwmBytes;
    assert.ok(hwm >= held * 0.95 && hwm <= held * 1.1, `${e.name}: HWM ${hwm / MiB} MiB, held ${held / MiB} MiB`);
  }
  assert.deepEqual(
    rows.map((r) => r.hwmBytes),
    rows.map((r) => r.hwmBytes).sort((x, y) => y - x),
    'largest first',
  );
});

test('an orphaned grandchild keeps being recorded, and so do the children it starts later', async () => {
  const spec: TreeSpec = {
    name: 'root',
    hold: 1500,
    children: [
      {
        name: 'middle',
        hold: 100,
        orphan: true,
        children: [
          { name: 'orphan', alloc: 20, hold: 1000, children: [{ name: 'late', delay: 400, alloc: 10, hold: 300 }] },
        ],
      },
    ],
  };
  const { result, recording, events } = await runTree(spec, ['-M']);
  assert.equal(result.code, 0, result.stderr);
  const rec = recording();
  const pidOf = (name: string) => events().find((e) => e.name === name && e.allocated !== undefined)!.pid;
  const middle = processByPid(rec, pidOf('middle'));
  const orphan = processByPid(rec, pidOf('orphan'));
  assert.ok(middle.exited, 'middle exited');
  assert.ok(
    orphan.lastSeen! - middle.lastSeen! > 0.5,
    `orphan seen ${orphan.lastSeen! - middle.lastSeen!} s after its parent`,
  );
  const late = processByPid(rec, pidOf('late'));
  assert.equal(late.ppid, orphan.pid);
  assert.ok(late.samples.t.length > 5);
});

for (const source of ['procfs', 'ps'] as const) {
  test(`${source}: descendants still running when the command exits are named, as not recorded after it`, async () => {
    // The command exits once 'ends' has been sampled and has exited, and 'stays' has been sampled; 'stays'
    // starts after the sampling thread took over (the thread opens its /proc files) and outlives the command.
    const spec: TreeSpec = {
      name: 'root',
      children: [
        { name: 'stays', alloc: 10, hold: 30_000, delay: 400, detach: true },
        { name: 'ends', hold: 50, untilRecorded: true },
      ],
    };
    const { result, events, datFile } = await runTree(spec, ['-M', '--source', source, '-q'], {
      endTreeOnExit: true,
      env: { MEMPROF_SAMPLING_THREAD_AFTER: '50' },
    });
    assert.equal(result.code, 0, result.stderr);
    const stays = events().find((e) => e.name === 'stays' && e.allocated !== undefined)!.pid;
    const ends = events().find((e) => e.name === 'ends' && e.allocated !== undefined)!.pid;
    assert.match(
      result.stderr,
      new RegExp(
        '^memprof: 1 descendant was still running when the command exited and not recorded after it: ' +
          `pid ${stays} python3 -S tree\\.py \\{"name":"st`,
        'm',
      ),
      `${result.stderr}\n${readFileSync(datFile, 'utf8')
        .split('\n')
        .filter((l) => !/^(MEM|CHLD|HWM) /.test(l))
        .join('\n')}`,
    );
    assert.doesNotMatch(result.stderr, new RegExp(`pid ${ends}\\b`));
    // The file says the same: every process that ended has its EXIT line, the survivor none.
    const byPid = new Map(summarizeRun(readOneRun(datFile)).processes.map((p) => [p.pid, p.stillRunning]));
    assert.deepEqual(
      [byPid.get(events().find((e) => e.name === 'root')!.pid), byPid.get(stays), byPid.get(ends)],
      [false, true, false],
    );
    // TREE's root waits for its children: nothing is left running, and nothing is named.
    const waited = await treeRun(source);
    assert.equal(waited.result.code, 0, waited.result.stderr);
    assert.doesNotMatch(waited.result.stderr, /still running/);
  });
}

test('a process that vanishes between listing and reading leaves no zero or bogus line', async () => {
  // 150 processes that live about a millisecond: many vanish between being listed and being read.
  const out = `${tempDir()}/churn.dat`;
  const result = await memprof([
    'run',
    '-M',
    '-T',
    '1ms',
    '-o',
    out,
    'sh',
    '-c',
    'i=0; while [ $i -lt 150 ]; do /bin/true; i=$((i+1)); done',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const rec = readOneRun(out);
  const children = rec.processes.filter((p) => p.key !== rec.rootKey && p.samples.t.length > 0);
  assert.ok(children.length > 0, 'some short-lived children were caught');
  for (const p of rec.processes) {
    assert.ok(
      p.samples.v.every((v) => v > 0),
      `pid ${p.pid} has a zero sample`,
    );
    assert.notEqual(p.command, null, `pid ${p.pid} has samples but no PROC line`);
  }
  assert.ok(rec.mem.v.every((v) => v > 0));
});

test('a command that does not exist: exit 127, one line, no file', async () => {
  const dir = tempDir();
  const result = await memprof(['run', 'no-such-command-xyz', '--flag'], { cwd: dir });
  assert.equal(result.code, 127);
  assert.match(result.stderr, /^memprof: command not found: no-such-command-xyz$/m);
  assert.deepEqual(readdirSync(dir), []);
});

test('a script named as if it were a command: the hint says how to run it, and no file is left', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'job.py'), 'print(1)\n');
  writeFileSync(join(dir, 'job.js'), 'console.log(1)\n', { mode: 0o644 });
  const notFound = await memprof(['run', '--nopython', 'job.py'], { cwd: dir });
  assert.equal(notFound.code, 127);
  assert.match(
    notFound.stderr,
    new RegExp(
      /^hint: job\.py is a file here, not a command on your PATH: /.source +
        /run it with its interpreter, memprof run python3 \.\/job\.py$/.source,
      'm',
    ),
  );
  const notExecutable = await memprof(['run', './job.js'], { cwd: dir });
  assert.equal(notExecutable.code, 126);
  assert.match(
    notExecutable.stderr,
    new RegExp(
      /^memprof: permission denied: \.\/job\.js\n/.source +
        /hint: \.\/job\.js is not executable: run it with its interpreter, memprof run node \.\/job\.js$/.source,
      'm',
    ),
  );
  assert.deepEqual(readdirSync(dir).sort(), ['job.js', 'job.py']);
});

test('a script.py is run with python3, as mprof does: its memory, its exit code, its command line', async () => {
  const dir = tempDir();
  // bytes * n writes every page, so all 60 MiB are resident.
  writeFileSync(
    join(dir, 'job.py'),
    'import sys, time\nblock = bytes([1]) * (60 << 20)\ntime.sleep(0.4)\nsys.exit(int(sys.argv[1]))\n',
  );
  const r = await memprof(['run', '-o', 'p.dat', 'job.py', '7'], { cwd: dir });
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stderr, /^memprof: running job\.py with python3, as mprof does \(--nopython runs it as a command\)$/m);
  const rec = readOneRun(join(dir, 'p.dat'));
  assert.equal(rec.command, 'python3 job.py 7');
  const peak = maxOf(rec.mem.v) / MiB;
  assert.ok(peak >= 62 && peak <= 90, `peak ${peak.toFixed(1)} MiB: 60 MiB and Python's own 5 to 25`);
  // mprof's --python asks for its function timestamps, which memprof cannot record: said, and the run goes on.
  const withFlag = await memprof(['run', '--python', '-q', '-o', 'f.dat', 'job.py', '0'], { cwd: dir });
  assert.equal(withFlag.code, 0, withFlag.stderr);
  assert.match(
    withFlag.stderr,
    /^memprof: --python: mprof's function timestamps \(@profile\) are recorded by mprof only/m,
  );
  assert.doesNotMatch(withFlag.stderr, /running job\.py/, '-q keeps the note out');
});

/** The pid memprof's recording gives `command` (a PROC or CMD line), once it is there. */
function pidRecordedAs(file: string, command: string): number | undefined {
  const line = new RegExp(`^(?:PROC|CMD) (\\d+) .*${JSON.stringify(command)}$`, 'm').exec(readFileSync(file, 'utf8'));
  return line ? Number(line[1]) : undefined;
}

const FORK_TITLE = "a child that shows its parent's command line for a while (fork, then exec later) gets its own";

test(FORK_TITLE, async () => {
  // The subshell is a fork of sh: the same command line until its `exec`, well past the first 5 ticks. Each
  // sleep is ended once memprof has recorded it by its command line, however slowly a loaded machine ticks.
  for (const source of ['procfs', 'ps']) {
    const out = `${tempDir()}/sub.dat`;
    const run = memprof([
      'run',
      '-M',
      '-q',
      '--source',
      source,
      '-o',
      out,
      'sh',
      '-c',
      '( sleep 30; exec sleep 31 ); true',
    ]);
    for (const command of ['sleep 30', 'sleep 31']) {
      const pid = await waitFor(() => pidRecordedAs(out, command), 20_000, `${source}: ${command} recorded`);
      process.kill(pid, 'SIGTERM');
    }
    const result = await run;
    assert.equal(result.code, 0, result.stderr);
    const commands = readOneRun(out).processes.map((p) => p.command);
    assert.ok(commands.includes('sleep 31'), `${source}: ${commands.join(' | ')}`);
    assert.ok(commands.includes('sleep 30'), `${source}: ${commands.join(' | ')}`);
  }
});
