import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { processByPid, maxOf, readOneRun, readTreeReport, type TreeEvent } from '../helpers/dat.js';
import {
  alive,
  BIN,
  cannotRunAsNobody,
  memprof,
  memprofAsNobody,
  MPROF_MODULE,
  tempDir,
  waitFor,
} from '../helpers/memprof.js';
import { TREE_COMMAND, treeCommand, type TreeSpec } from '../helpers/tree.js';
import { SYSTEM_PYTHON } from '../helpers/python-parsers.js';
import { MiB } from '../../src/units.js';
import { summarizeRun } from '../../src/analysis/summary.js';

/**
 * A tree started by the test itself, as a user's program memprof did not start; resolves once its root
 * has allocated.
 */
async function startTree(
  spec: TreeSpec,
  dir: string,
  python?: string,
): Promise<{ child: ChildProcess; events: () => TreeEvent[] }> {
  const reportFile = join(dir, `report-${Math.random().toString(36).slice(2)}.jsonl`);
  const [program, ...args] = treeCommand(spec, python);
  const child = spawn(program!, args, {
    stdio: 'ignore',
    env: { ...process.env, TREE_REPORT: reportFile },
  });
  const events = () => readTreeReport(reportFile);
  await waitFor(
    () => events().some((e) => e.name === 'root' && e.allocated !== undefined),
    10_000,
    'the tree to start',
  );
  return { child, events };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));

test('attach by pid: the process and the children it starts later, until it exits; it is never signalled', async () => {
  const dir = tempDir();
  const spec: TreeSpec = {
    name: 'root',
    alloc: 40,
    hold: 1500,
    children: [{ name: 'late', delay: 400, alloc: 60, hold: 600 }],
  };
  const { child, events } = await startTree(spec, dir);
  const out = join(dir, 'a.dat');
  const result = await memprof(['attach', '-M', '-o', out, String(child.pid)]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    new RegExp(`^memprof: attached to pid ${child.pid} \\(.*tree\\.py.*\\); recording until it exits`, 'm'),
  );
  await exited(child);
  assert.equal(child.exitCode, 0, 'the process ran to its own end');
  assert.ok(!events().some((e) => e.signal), 'no signal reached it');
  const rec = readOneRun(out);
  assert.deepEqual(
    rec.done && { code: rec.done.exitCode },
    { code: null },
    'closed cleanly, with no exit status it cannot know',
  );
  assert.equal(rec.header?.source, 'procfs');
  for (const e of events().filter((x) => x.allocated !== undefined)) {
    const series = e.name === 'root' ? rec.mem.v : processByPid(rec, e.pid).samples.v;
    const grew = maxOf(series) - e.baseline!;
    assert.ok(
      Math.abs(grew - e.allocated!) <= 0.1 * e.allocated!,
      `${e.name}: grew ${grew / MiB} MiB of ${e.allocated! / MiB}`,
    );
  }
  assert.ok(rec.done!.time - rec.mem.t.at(-1)! < 0.5, 'ended promptly after the process exited');
  if (existsSync(MPROF_MODULE)) {
    // mprof reads the file: a DONE line without a status is no trouble to it
    const script =
      'import json,sys,mprof; d=mprof.read_mprofile_file(sys.argv[1]); ' +
      'print(json.dumps([len(d["mem_usage"]), len(d["children"])]))';
    const py = spawnSync(SYSTEM_PYTHON, ['-c', script, out], { encoding: 'utf8', cwd: dirname(MPROF_MODULE) });
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), [rec.mem.t.length, 1]);
  }
});

test('attach by name; Ctrl-C ends the recording cleanly and leaves the process running', async () => {
  const dir = tempDir();
  const name = `mpat${process.pid % 100000}`; // a unique process name: the kernel names a process after the file it ran
  symlinkSync(TREE_COMMAND[0]!, join(dir, name));
  const { child } = await startTree({ name: 'root', alloc: 20, hold: 20_000 }, dir, join(dir, name));
  try {
    const out = join(dir, 'n.dat');
    let memprofPid = 0;
    const finished = memprof(['attach', '-C', '-o', out, name], {
      onStart: (pid) => {
        memprofPid = pid;
      },
    });
    await waitFor(() => readFileSync(out, 'utf8').split('\nMEM ').length > 20, 10_000, 'samples');
    process.kill(memprofPid, 'SIGINT');
    const result = await finished;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`SIGINT received; recording stopped, pid ${child.pid} goes on`));
    assert.ok(alive(child.pid!), 'the process goes on');
    const rec = readOneRun(out);
    assert.notEqual(rec.done, null);
    assert.equal(rec.header?.memScope, 'tree');
    assert.equal(summarizeRun(rec).processes[0]?.stillRunning, true, 'the file says it was still running');
  } finally {
    child.kill('SIGKILL');
  }
});

test('run --attach (mprof) with the ps source: --timeout stops recording only; a budget still judges it', async () => {
  const dir = tempDir();
  const { child } = await startTree({ name: 'root', alloc: 20, hold: 20_000 }, dir);
  try {
    const result = await memprof([
      'run',
      '--attach',
      '--source',
      'ps',
      '-T',
      '0.05',
      '--timeout',
      '0.6',
      '--max-peak',
      '1MiB',
      '-o',
      join(dir, 't.dat'),
      String(child.pid),
    ]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /--timeout 0\.6 s reached; recording stopped/);
    assert.match(result.stderr, /over budget/);
    assert.ok(alive(child.pid!));
    assert.equal(readOneRun(join(dir, 't.dat')).header?.source, 'ps');
  } finally {
    child.kill('SIGKILL');
  }
  await exited(child);
});

test('attach errors: no such pid, a name several processes have, a name none has; exit 2 and no file', async () => {
  const dir = tempDir();
  const name = `mpdup${process.pid % 100000}`;
  symlinkSync(TREE_COMMAND[0]!, join(dir, name));
  const trees = await Promise.all([1, 2].map(() => startTree({ name: 'root', hold: 20_000 }, dir, join(dir, name))));
  try {
    const cases: Array<[string[], RegExp]> = [
      [['attach', '4194304999'], /^memprof: no running process has pid 4194304999\n/],
      [
        ['attach', name],
        new RegExp(`^memprof: 2 processes match "${name}"; attach to one by pid:\\n {2}\\d+ {2}.*\\n {2}\\d+ {2}`),
      ],
      [
        ['attach', 'no-process-is-called-this'],
        /^memprof: no running process is named "no-process-is-called-this"\nhint: /,
      ],
      [['run', '--attach', '1', '2'], /--attach takes one process/],
    ];
    for (const [args, pattern] of cases) {
      const r = await memprof(args, { cwd: dir });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
    }
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.dat')),
      [],
    );
  } finally {
    for (const t of trees) t.child.kill('SIGKILL');
  }
});

/** The first line a child writes to stdout. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    child.once('exit', () => reject(new Error(`exited before a line: ${JSON.stringify(text)}`)));
  });
}

/** Attach to a process, let it end once memprof is sampling it, and return how attach ended. */
async function attachUntilZombie(source: string) {
  const dir = tempDir();
  const out = join(dir, 'z.dat');
  const go = join(dir, 'go');
  spawnSync('mkfifo', [go]);
  // The shell's first child waits on a FIFO until the test writes to it, then exits; the shell has exec'd
  // into a sleep that never waits, so that child stays a zombie.
  const shell = spawn('sh', ['-c', 'read x < "$0" & echo $!; exec sleep 12', go], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const pid = Number(await firstLine(shell));
    const attached = memprof(['attach', '--source', source, '-T', '0.05', '--timeout', '8', '-o', out, String(pid)]);
    await waitFor(() => readFileSync(out, 'utf8').includes('\nMEM '), 10_000, `${source}: memprof to sample`);
    writeFileSync(go, 'go\n');
    const r = await attached;
    const zombie = !alive(pid);
    const again = await memprof(['attach', '--source', source, String(pid)], { cwd: dir });
    return { pid, r, zombie, again };
  } finally {
    shell.kill('SIGKILL');
  }
}

const ZOMBIE_TITLE =
  'a zombie has ended: attach stops when the process it follows becomes one, and refuses one (procfs and ps)';

test(ZOMBIE_TITLE, async () => {
  const sources = ['procfs', 'ps'];
  const ended = await Promise.all(sources.map(attachUntilZombie));
  for (const [i, { pid, r, zombie, again }] of ended.entries()) {
    const source = sources[i]!;
    assert.equal(r.code, 0, `${source}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /--timeout 8 s reached/, `${source}: ended when the process did, not at the timeout`);
    assert.equal(zombie, true, 'it is a zombie now, still there for signal 0');
    assert.equal(again.code, 2, `${source}: ${again.stderr}`);
    assert.match(again.stderr, new RegExp(`no running process has pid ${pid}`));
  }
});

test('attached to its own parent (a shell), memprof does not record itself', async () => {
  const dir = tempDir();
  const out = join(dir, 's.dat');
  const r = spawnSync(
    'bash',
    ['-c', '"$0" "$1" attach -M -q --timeout 0.8 -o "$2" $$; echo done', process.execPath, BIN, out],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /--timeout 0\.8 s reached; recording stopped/);
  const rec = readOneRun(out);
  assert.ok(rec.mem.t.length > 10);
  // The shell's only child is memprof.
  assert.deepEqual(
    rec.processes.filter((p) => p.key !== rec.rootKey).map((p) => p.command),
    [],
  );
});

test("another user's process: RSS can be read, PSS cannot, and says why (exit 2, no file)", {
  skip: cannotRunAsNobody(),
}, async () => {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  const { child } = await startTree({ name: 'root', alloc: 10, hold: 20_000 }, dir);
  try {
    const asNobody = (args: string[]) => memprofAsNobody(args, dir);
    const pss = asNobody(['attach', '--metric', 'pss', '-o', join(dir, 'p.dat'), String(child.pid)]);
    assert.equal(pss.status, 2, pss.stderr);
    assert.match(
      pss.stderr,
      new RegExp(
        `^memprof: cannot read the PSS of pid ${child.pid}: .* readable only by its own user and root` +
          '\\nhint: use --metric rss',
      ),
    );
    assert.ok(!existsSync(join(dir, 'p.dat')));
    const rss = asNobody(['attach', '-q', '--timeout', '0.4', '-o', join(dir, 'r.dat'), String(child.pid)]);
    assert.equal(rss.status, 0, rss.stderr);
    assert.ok(readOneRun(join(dir, 'r.dat')).mem.v.every((v) => v > 10 * MiB));
  } finally {
    child.kill('SIGKILL');
  }
});
