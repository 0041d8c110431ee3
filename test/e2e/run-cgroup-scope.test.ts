import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeRun } from '../../src/analysis/summary.js';
import { readOneRun, maxOf, processByPid } from '../helpers/dat.js';
import { alive, BIN, FIXTURES, tempDir, waitFor, writtenText, type CliResult } from '../helpers/memprof.js';
import { MiB } from '../../src/units.js';

// The systemd route on a machine without systemd. memprof runs in a mount namespace where the cgroup
// filesystem is read-only, so it may make no cgroup itself, as in many containers; a fake systemd-run, first
// on PATH, plays systemd's part as systemd-run's contract says: it makes the scope's cgroup (through the
// test's own, writable view of the hierarchy), moves itself into it and execs the command in its own pid.
// What only a real systemd can show (its user manager, cgroup v2's memory.peak, systemd removing the empty
// scope) is not tested here.

const MEMORY_MOUNT = '/sys/fs/cgroup/memory';
const FAKE_SYSTEMD = join(FIXTURES, 'fake-systemd');
const TREE = join(FIXTURES, 'cgroup_tree.py');
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
/** memprof's cgroupfs read-only, then memprof itself (unshare execs: the pid is memprof's). */
const READ_ONLY = ['-m', 'sh', '-c', `mount -o remount,bind,ro ${MEMORY_MOUNT} && exec "$@"`, 'sh'];

function cannotFakeSystemd(): string | false {
  if (PYTHON === '') return 'needs python3';
  if (!existsSync(join(MEMORY_MOUNT, 'memory.stat'))) return 'needs cgroup v1 with the memory controller';
  if (process.getuid?.() !== 0) return 'needs root, to make the scope in place of systemd';
  const ro = spawnSync('unshare', [...READ_ONLY, 'true'], { encoding: 'utf8' });
  if (ro.status !== 0) return `needs a mount namespace with a read-only cgroupfs: ${ro.stderr || ro.error}`;
  return false;
}
const skip = cannotFakeSystemd();

/** A user manager's socket, as memprof looks for it: a stale one, no manager answers it (the fake needs none). */
const runtimeDir = tempDir('memprof-xdg-');
before(() => {
  if (skip) return;
  mkdirSync(runtimeDir, { recursive: true });
  spawnSync(PYTHON, [
    '-c',
    `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(join(runtimeDir, 'bus'))})`,
  ]);
});

/** Scopes the tests made, removed at the end: systemd would remove them once empty, memprof never does. */
const scopes: string[] = [];
after(() => {
  for (const dir of scopes) if (existsSync(dir)) rmdirSync(dir);
});

interface ScopeRun {
  r: CliResult;
  out: string;
  report: string;
  /** Each systemd-run the fake played: its pid, and its arguments. */
  calls: Array<{ pid: number; args: string[] }>;
  pid: number;
}

async function runInScope(command: string[], extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir();
  const out = join(dir, 'x.dat');
  const log = join(dir, 'systemd-run.log');
  const report = join(dir, 'report.jsonl');
  let pid = 0;
  const r = await new Promise<CliResult>((resolve, reject) => {
    const child = spawn(
      'unshare',
      [...READ_ONLY, process.execPath, BIN, 'run', ...extraArgs, '-o', out, '--', ...command],
      {
        env: {
          ...process.env,
          PATH: `${FAKE_SYSTEMD}:${process.env.PATH}`,
          XDG_RUNTIME_DIR: runtimeDir,
          FAKE_SYSTEMD_LOG: log,
          FAKE_SYSTEMD_CGROUPFS: `/proc/${process.pid}/root${MEMORY_MOUNT}`,
          CGROUP_REPORT: report,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    pid = child.pid!;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (env.SIGNAL_AFTER_SCOPE) void signalOnceInScope(pid, log, env.SIGNAL_AFTER_SCOPE as NodeJS.Signals);
  });
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => ({
          pid: Number(line.split(' ')[0]),
          args: [...line.matchAll(/ \[([^\]]*)\]/g)].map((m) => m[1]!),
        }))
    : [];
  const scope = scopeDir(out);
  if (scope !== null) scopes.push(scope);
  return { r, out, report, calls, pid } satisfies ScopeRun;
}

/** Once the command runs in its scope, signal memprof. */
async function signalOnceInScope(memprofPid: number, log: string, signal: NodeJS.Signals): Promise<void> {
  // The fake's first write is its pid; the file exists a moment before that, empty.
  const command = await waitFor(
    () => Number(writtenText(log)?.split(' ')[0]) || undefined,
    5000,
    'systemd-run started',
  );
  await waitFor(() => readFileSync(`/proc/${command}/cmdline`, 'utf8').startsWith('sleep'), 5000, 'the command');
  process.kill(memprofPid, signal);
}

/** The scope's directory, from the recording's CGROUP line; null without one. */
function scopeDir(dat: string): string | null {
  if (!existsSync(dat)) return null;
  const line = readFileSync(dat, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('CGROUP '));
  return line ? join(MEMORY_MOUNT, JSON.parse(line.slice('CGROUP 1 '.length)) as string) : null;
}

test("memprof, which may make no cgroup here, reads systemd's scope: the kernel peak, exit code and pid", {
  skip,
}, async () => {
  const hold = (mib: number) => ['sh', '-c', `${PYTHON} ${TREE} hold 2 ${mib} 300; exit 7`];
  const empty = await runInScope(hold(0));
  const full = await runInScope(hold(50));
  assert.equal(full.r.code, 7, full.r.stderr);
  // systemd-run was asked for a scope named after this memprof, with memory accounting, and exec'd the
  // command in its own pid: the pid memprof recorded as the command's.
  const [call] = full.calls;
  assert.equal(full.calls.length, 1);
  const unit = `memprof-${full.pid}-`;
  assert.deepEqual(call!.args.slice(0, 3), ['--user', '--scope', '--quiet']);
  assert.match(call!.args[3]!, new RegExp(`^--unit=${unit}[0-9a-f]{8}\\.scope$`));
  assert.deepEqual(call!.args.slice(4, 7), ['-p', 'MemoryAccounting=yes', '--']);
  const recording = readOneRun(full.out);
  const main = processByPid(recording, call!.pid);
  assert.deepEqual([main.ppid, main.command?.split(' ')[0]], [full.pid, 'sh'], "the command is memprof's child");
  const scope = scopeDir(full.out)!;
  assert.equal(scope.split('/').pop(), call!.args[3]!.slice('--unit='.length));
  // The truth: what the same tree holding nothing peaked at, plus the 100 MiB the fixture touched.
  const interpreters = summarizeRun(readOneRun(empty.out)).kernel!.peakBytes!;
  const kernel = summarizeRun(recording).kernel!;
  const truth = 100 * MiB + interpreters;
  assert.ok(
    Math.abs(kernel.peakBytes! - truth) <= truth * 0.03,
    `kernel peak ${kernel.peakBytes! / MiB} MiB, 100 MiB + the interpreters' ${interpreters / MiB} MiB`,
  );
  assert.match(full.r.stderr, /cgroup: systemd's transient scope memprof-\d+-[0-9a-f]{8}\.scope, by systemd-run/);
  assert.match(full.r.stderr, /none of memprof's own: the cgroup filesystem of \S+ is read-only/);
  assert.ok(existsSync(scope), 'memprof leaves the empty scope to systemd');
});

test("a setsid daemon is found through the scope's cgroup.procs; the scope it holds is left to systemd", {
  skip,
}, async () => {
  const found = await runInScope([PYTHON, TREE, 'daemon', '50', '20000'], ['-M']);
  const daemon = JSON.parse(
    readFileSync(found.report, 'utf8')
      .split('\n')
      .find((l) => l.includes('daemon'))!,
  ).daemon as number;
  try {
    assert.equal(found.r.code, 0, found.r.stderr);
    const sampled = processByPid(readOneRun(found.out), daemon);
    assert.ok(maxOf(sampled.samples.v) >= 50 * MiB, `the daemon sampled at ${maxOf(sampled.samples.v) / MiB} MiB`);
    assert.match(found.r.stderr, /systemd's scope memprof-\S+\.scope still holds 1 process: systemd removes it/);
  } finally {
    if (alive(daemon)) process.kill(daemon, 'SIGKILL');
  }
  await waitFor(() => !alive(daemon), 5000, 'the daemon gone');
});

test('the command writes 2 MB to the stderr it shares with memprof, through the systemd-run layer', {
  skip,
}, async () => {
  // memprof's stderr is non-blocking once it used it: handed on as it is, the command's writes would fail.
  // The sleep: a command that ends before the first tick (a loaded machine) has no peak to summarise.
  const { r, calls } = await runInScope(['sh', '-c', 'sleep 0.2; head -c 2000000 /dev/zero | tr "\\0" x >&2']);
  assert.equal(r.code, 0, r.stderr.slice(-300));
  assert.equal(calls.length, 1, 'through the fake systemd-run');
  // All of it, whole, and then only memprof's own lines (a note on a process it could not read may come first).
  const end = r.stderr.indexOf('x'.repeat(2_000_000)) + 2_000_000;
  const shown = r.stderr.replace(/x{20,}/g, (m) => `<${m.length} x>`);
  assert.ok(end >= 2_000_000 && r.stderr[end] !== 'x', `all of it, in one piece: ${shown}`);
  assert.match(r.stderr.slice(end), /^(memprof: .*\n)*memprof: peak/, `then memprof's summary: ${shown}`);
});

test('SIGTERM reaches the command through the systemd-run layer', { skip }, async () => {
  const { r, calls } = await runInScope(['sleep', '30'], [], { SIGNAL_AFTER_SCOPE: 'SIGTERM' });
  assert.equal(r.code, 128 + 15, r.stderr);
  assert.ok(!alive(calls[0]!.pid), 'the command is gone');
});

test('a systemd-run that fails: auto samples without a cgroup, on exits 2 and the command never runs', {
  skip,
}, async () => {
  const FAIL = { FAKE_SYSTEMD_FAIL: 'Failed to connect to bus: No medium found' };
  const auto = await runInScope(['sh', '-c', 'exit 4'], [], FAIL);
  assert.equal(auto.r.code, 4, auto.r.stderr);
  assert.equal(scopeDir(auto.out), null, 'no CGROUP line');
  assert.match(
    auto.r.stderr,
    /no cgroup of its own for the command \(systemd-run: Failed to connect to bus: No medium found\); sampling only/,
  );
  const marker = join(tempDir(), 'ran');
  const on = await runInScope(['touch', marker], ['--cgroup', 'on'], FAIL);
  assert.equal(on.r.code, 2, on.r.stderr);
  assert.match(on.r.stderr, /--cgroup on: no cgroup of its own for the command: systemd-run: Failed to connect/);
  assert.equal(existsSync(marker), false, 'the command never ran');
  // Without a user manager's socket, systemd-run is not tried: the note says why.
  const none = await runInScope(['true'], [], { XDG_RUNTIME_DIR: tempDir() });
  assert.equal(none.calls.length, 0);
  assert.match(none.r.stderr, /is read-only; no user manager to ask \(no socket \S+\/bus\)\); sampling only/);
});
