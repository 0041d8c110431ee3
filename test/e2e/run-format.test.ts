import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { MPROF_MODULE } from '../helpers/memprof.js';
import { runTree } from '../helpers/tree.js';
import { SYSTEM_PYTHON } from '../helpers/python-parsers.js';

const NEW_TYPES = new Set([
  'MEMPROF',
  'PROC',
  'CMD',
  'EXIT',
  'HWM',
  'DONE',
  'CGROUP',
  'CGMEM',
  'CGSTAT',
  'CGPEAK',
  'OOM',
  'HEAP',
  'V8',
  'HEAPEND',
  'MARK',
]);

/** One -M run of a root and a child: the file whose syntax is checked is the one mprof reads. */
let treeRun: ReturnType<typeof runTree> | undefined;
const recorded = () => (treeRun ??= runTree({ alloc: 10, hold: 300, children: [{ alloc: 5, hold: 200 }] }, ['-M']));

test("MEM/CHLD/CMDLINE lines are exactly mprof's syntax; other lines use new types only", async () => {
  const run = await recorded();
  assert.equal(run.result.code, 0, run.result.stderr);
  const lines = readFileSync(run.datFile, 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const type = line.split(' ', 1)[0]!;
    counts[type] = (counts[type] ?? 0) + 1;
    if (type === 'MEM') assert.match(line, /^MEM \d+\.\d{6} \d+\.\d{4}$/);
    else if (type === 'CHLD') assert.match(line, /^CHLD \d+ \d+\.\d{6} \d+\.\d{4}$/);
    else if (type === 'CMDLINE') assert.match(line, /^CMDLINE \S/);
    else assert.ok(NEW_TYPES.has(type) && line.includes(' '), `unexpected line: ${line}`);
  }
  assert.equal(counts.CMDLINE, 1);
  assert.ok(counts.MEM! > 10 && counts.CHLD! > 5 && counts.PROC === 2 && counts.DONE === 1, JSON.stringify(counts));
});

// The real mprof (Debian's python3-memory-profiler; .ci/run installs it) must read memprof's files.
test('python3-mprof reads the file: same MEM values and children', {
  skip: !existsSync(MPROF_MODULE) && 'python3-mprof not installed',
}, async () => {
  const run = await recorded();
  assert.equal(run.result.code, 0, run.result.stderr);
  const script =
    'import json,sys,mprof; d=mprof.read_mprofile_file(sys.argv[1]); ' +
    'print(json.dumps({"mem": d["mem_usage"], "children": {k: len(v) for k, v in d["children"].items()}}))';
  const py = spawnSync(SYSTEM_PYTHON, ['-c', script, run.datFile], {
    encoding: 'utf8',
    cwd: '/usr/lib/python3/dist-packages',
  });
  assert.equal(py.status, 0, py.stderr);
  const parsed = JSON.parse(py.stdout) as { mem: number[]; children: Record<string, number> };
  const rec = run.recording();
  assert.equal(parsed.mem.length, rec.mem.v.length);
  const child = rec.processes.find((p) => p.samples.t.length > 0)!;
  assert.equal(parsed.children[String(child.pid)], child.samples.t.length);
});
