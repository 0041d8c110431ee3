import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOneRun, maxOf, processByPid } from '../helpers/dat.js';
import { cannotRunAsNobody, FIXTURES, memprof, memprofAsNobody, tempDir } from '../helpers/memprof.js';
import { MiB } from '../../src/units.js';
import { tool } from '../helpers/accuracy.js';

interface ExecReport {
  pid: number;
  rss: number;
  pss: number;
  uss: number;
}

const HOLDER = join(FIXTURES, 'exec-hold.py');
const noPython = tool('python3') === null && 'needs python3';

function reports(path: string): ExecReport[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ExecReport);
}

for (const metric of ['pss', 'uss'] as const) {
  const title = `${metric.toUpperCase()} follows a process that execs after memprof first saw it`;
  test(`${title} (sh, then a shim, then python)`, {
    skip: noPython,
  }, async () => {
    const dir = tempDir();
    const report = join(dir, 'report.jsonl');
    const out = join(dir, 'x.dat');
    // The shell is read for 0.3 s before it execs, through the python3 on PATH (a version manager's shim here).
    const script = `sleep 0.3; exec python3 ${HOLDER} 120 900`;
    const r = await memprof(['run', '-M', '--metric', metric, '-q', '-o', out, '--', 'bash', '-c', script], {
      env: { EXEC_REPORT: report },
    });
    assert.equal(r.code, 0, r.stderr);
    const [truth] = reports(report);
    const rec = readOneRun(out);
    const root = processByPid(rec, truth!.pid);
    assert.equal(root.key, rec.rootKey, "the shell that exec'd is the root");
    assert.match(root.command ?? '', /python3 \S*exec-hold\.py 120 900$/, 'its command line after the exec');
    // Without -C, MEM is the root's own reading.
    const peak = maxOf(rec.mem.v);
    const expected = truth![metric];
    assert.ok(
      Math.abs(peak - expected) <= expected * 0.05,
      `peak ${peak / MiB} MiB, smaps_rollup ${expected / MiB} MiB`,
    );
    assert.ok(!/UNREAD/.test(readFileSync(out, 'utf8')), 'every process could be read');
  });
}

// `sh -c 'exec ...'`, a shim that execs its program: the root is the program it became well before the first
// tick, when only the command line tells (the kernel's name may have changed before memprof first read it).
for (const [shell, script, expected] of [
  ['sh', 'exec sleep 0.5', 'sleep 0.5'],
  ['bash', 'exec -a memprof-renamed sleep 0.5', 'memprof-renamed 0.5'],
] as const) {
  test(`a root that execs at once (${shell} -c '${script}') is named by what it became`, async () => {
    const dir = tempDir();
    const out = join(dir, 'x.dat');
    const r = await memprof(['run', '-q', '-o', out, '--', shell, '-c', script]);
    assert.equal(r.code, 0, r.stderr);
    const rec = readOneRun(out);
    const root = rec.processes.find((p) => p.key === rec.rootKey);
    assert.equal(root?.command, expected);
    assert.match(readFileSync(out, 'utf8'), new RegExp(`^CMDLINE ${shell} -c '${script}'$`, 'm'), 'as typed');
    const peak = await memprof(['peak', out]);
    assert.match(peak.stdout, new RegExp(`\\s${expected}\n`), 'the table names it so');
  });
}

test('a process whose PSS cannot be read after it execs (setuid) is counted by its RSS, ' +
  'and the file and stderr say so', {
  skip: cannotRunAsNobody(),
}, () => {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  const suidSleep = join(dir, 'suid-sleep');
  copyFileSync('/bin/sleep', suidSleep);
  chmodSync(suidSleep, 0o4755); // owned by root: memprof, running as nobody, may read its statm but not its smaps
  const out = join(dir, 'x.dat');
  const r = memprofAsNobody(
    ['run', '-M', '--metric', 'pss', '-T', '20ms', '-o', out, '--', 'sh', '-c', `sleep 0.3; exec ${suidSleep} 0.6`],
    dir,
  );
  assert.equal(r.status, 0, r.stderr);
  const rec = readOneRun(out);
  const root = rec.processes.find((p) => p.key === rec.rootKey)!;
  assert.equal(root.unread?.reason, 'EACCES');
  assert.match(
    r.stderr,
    new RegExp(
      `^memprof: PSS could not be read for 1 process, counted by RSS instead: pid ${root.pid} ` +
        '.*suid-sleep 0\\.6 \\(EACCES\\)$',
      'm',
    ),
  );
  // Without -C, MEM is the root's own reading: it goes on after the exec, as RSS.
  const after = rec.mem.t.filter((t) => t >= root.unread!.since);
  assert.ok(after.length >= 10, `still sampled after the exec (${after.length} samples)`);
});
