import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOneRun } from '../helpers/dat.js';
import { memprof, MPROF_MODULE, tempDir } from '../helpers/memprof.js';
import { treeCommand } from '../helpers/tree.js';
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

// One recording for both tests: a shell running a tree (a process and its child) beside a Node process,
// whose probe writes its heap lines into the file too.
const datFile = join(tempDir(), 'out.dat');
const NODE_BESIDE = '"$0" -e "setTimeout(() => {}, 300)" & "$@"; wait';
const spec = { alloc: 10, hold: 300, children: [{ alloc: 5, hold: 200 }] };
const recorded = memprof(['run', '-M', '-o', datFile, 'sh', '-c', NODE_BESIDE, process.execPath, ...treeCommand(spec)]);

test("MEM/CHLD/CMDLINE lines are exactly mprof's syntax; other lines use new types only", async () => {
  const result = await recorded;
  assert.equal(result.code, 0, result.stderr);
  const lines = readFileSync(datFile, 'utf8').split('\n');
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
  // PROC: the shell, node, the tree's two processes.
  assert.ok(counts.MEM! > 10 && counts.CHLD! > 5 && counts.PROC === 4 && counts.DONE === 1, JSON.stringify(counts));
  assert.ok(counts.HEAP! > 0, `the Node process's heap lines: ${JSON.stringify(counts)}`);
});

// The real mprof (Debian's python3-memory-profiler; .ci/run installs it) must read memprof's files.
test('python3-mprof reads the file: same MEM values and children', {
  skip: !existsSync(MPROF_MODULE) && 'python3-mprof not installed',
}, async () => {
  const result = await recorded;
  assert.equal(result.code, 0, result.stderr);
  const script =
    'import json,sys,mprof; d=mprof.read_mprofile_file(sys.argv[1]); ' +
    'print(json.dumps({"mem": d["mem_usage"], "children": {k: len(v) for k, v in d["children"].items()}}))';
  const py = spawnSync(SYSTEM_PYTHON, ['-c', script, datFile], {
    encoding: 'utf8',
    cwd: '/usr/lib/python3/dist-packages',
  });
  assert.equal(py.status, 0, py.stderr);
  const parsed = JSON.parse(py.stdout) as { mem: number[]; children: Record<string, number> };
  const rec = readOneRun(datFile);
  assert.equal(parsed.mem.length, rec.mem.v.length);
  const children = rec.processes.filter((p) => p.samples.t.length > 0);
  assert.equal(children.length, 3, 'node and the tree under the shell');
  for (const child of children) assert.equal(parsed.children[String(child.pid)], child.samples.t.length);
});
