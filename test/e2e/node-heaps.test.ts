import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MiB } from '../../src/units.js';
import { type CliResult, FIXTURES, memprof, MPROF_MODULE, tempDir, waitFor, writtenText } from '../helpers/memprof.js';
import { peakVerb, plotOptions, runVerb } from '../helpers/in-process.js';
import { peakDoc, type HeapJson } from '../helpers/peak-doc.js';
import { plotCommand } from '../../src/commands/plot.js';

// Every Node process of a run loads memprof's probe through NODE_OPTIONS and reports its heap. The truth is
// what the fixture's processes allocated (test/fixtures/node-heaps.cjs), plus what an idle isolate holds,
// measured here first.

const FIXTURE = join(FIXTURES, 'node-heaps.cjs');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

interface Usage {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

function idleNode(): { main: Usage; worker: Usage } {
  const out = spawnSync(process.execPath, [FIXTURE, 'idle'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout) as { main: Usage; worker: Usage };
}

function idlePythonRss(): number {
  const script = "print([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1])";
  const out = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
  return Number(out.stdout) * 1024;
}

/** `measured` is `allocated` within 10%. */
function near(measured: number, allocated: number, what: string): void {
  const text = `${what}: ${(measured / MiB).toFixed(1)} MiB for ${(allocated / MiB).toFixed(1)} MiB allocated`;
  assert.ok(Math.abs(measured - allocated) <= 0.1 * allocated, text);
}

/** The fixture recorded once: read by the heaps test and by mprof's. */
let fixtureRun: Promise<{ dir: string; file: string; run: CliResult }> | undefined;
function recordFixture(): Promise<{ dir: string; file: string; run: CliResult }> {
  fixtureRun ??= (async () => {
    const dir = tempDir();
    const file = join(dir, 'heaps.dat');
    const run = await memprof(['run', '-M', '-q', '-o', file, 'node', FIXTURE], { env: { FIXTURE_PYTHON: PYTHON } });
    return { dir, file, run };
  })();
  return fixtureRun;
}

test("each Node process's heap, external and ArrayBuffers peaks are what it allocated, its threads summed", async () => {
  const idle = idleNode();
  const { dir, file, run } = await recordFixture();
  assert.equal(run.code, 0, run.stderr);
  const doc = await peakDoc(file);
  assert.deepEqual(doc.warnings, []);
  const node = doc.node!;
  const byRole = (role: string): HeapJson | undefined =>
    node.processes.find((p) => (role === 'root' ? /node-heaps\.cjs$/ : new RegExp(` ${role} `)).test(p.command));
  const root = byRole('root')!;
  // The root's heap is its main thread's and its worker's: 128 MiB of strings, a 64 MiB Buffer in the worker.
  assert.equal(root.threads, 2);
  const isolates = (k: keyof Usage): number => idle.main[k] + idle.worker[k];
  near(root.heapUsedBytes - isolates('heapUsed'), 128 * MiB, 'root heap used');
  near(root.externalBytes - isolates('external'), 64 * MiB, 'root external');
  near(root.arrayBuffersBytes - isolates('arrayBuffers'), 64 * MiB, 'root ArrayBuffers');
  assert.ok(root.peakBytes! >= root.heapUsedBytes + root.arrayBuffersBytes, 'its RSS holds its heap and buffers');
  // WebAssembly memory is external to V8's heap, and no ArrayBuffer of Node's counting; its pages are RSS.
  const wasm = byRole('wasm')!;
  near(wasm.externalBytes - idle.main.external, 48 * MiB, 'wasm external');
  assert.ok(wasm.arrayBuffersBytes < MiB, `wasm ArrayBuffers ${wasm.arrayBuffersBytes}`);
  near(wasm.peakBytes! - idle.main.rss, 48 * MiB, 'wasm RSS');
  // The child that cleared NODE_OPTIONS is a Node process that was not probed; python is no Node process.
  assert.equal(byRole('unprobed'), undefined);
  assert.equal(node.probed, 2);
  assert.deepEqual(
    node.notProbed.map((p) => p.command.split(' ').slice(2, 3)),
    [['unprobed']],
  );
  const pythonRss = doc.processes.find((p) => p.command.includes('bytearray'))!.peakBytes;
  near(pythonRss - idlePythonRss(), 40 * MiB, 'python RSS');
  const text = await runVerb(peakVerb([file]));
  assert.match(text.stdout, /2 Node processes probed; 1 Node process was not \(pid \d+: NODE_OPTIONS cleared/);
  assert.match(text.stdout, /Node heaps .*\n.*heap used.*\n.*node node-heaps\.cjs\n/);

  // --heap: the root's RSS as three stacked bands, in the SVG; a pid that was not probed gets a note instead.
  // The first through the CLI (`--heap` with no pid, before another option), the note by the verb itself.
  const svgFile = join(dir, 'heap.svg');
  const plot = await memprof(['plot', '--heap', '-o', svgFile, file]);
  assert.equal(plot.code, 0, plot.stderr);
  const svg = readFileSync(svgFile, 'utf8');
  assert.ok(svg.includes(`heap view: ${root.pid} node`), 'the legend names the process');
  for (const band of ['heap used', 'external (Buffers)', 'rest of RSS']) assert.ok(svg.includes(`>${band}<`), band);
  const python = doc.processes.find((p) => p.command.includes('bytearray'))!;
  const none = await runVerb((io) =>
    plotCommand(plotOptions(io, [file], { heap: python.pid, output: join(dir, 'none.svg'), groupBy: 'auto' })),
  );
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stderr, new RegExp(`--heap: pid ${python.pid} was not probed in this recording`));
});

test('mprof reads a recording with heap lines, skipping them', { skip: !existsSync(MPROF_MODULE) }, async () => {
  const { file, run } = await recordFixture();
  assert.equal(run.code, 0, run.stderr);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^HEAP \d+ 0 /m);
  const cmdline = /^CMDLINE (.*)$/m.exec(text)![1]!;
  assert.match(cmdline, /^node .*node-heaps\.cjs'?$/);
  const script =
    'import json,sys,mprof; d=mprof.read_mprofile_file(sys.argv[1]); ' +
    'print(json.dumps([len(d["mem_usage"]), d["cmd_line"]]))';
  const py = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8', cwd: dirname(MPROF_MODULE) });
  assert.equal(py.status, 0, py.stderr);
  const mems = text.split('\n').filter((l) => l.startsWith('MEM ')).length;
  assert.deepEqual(JSON.parse(py.stdout), [mems, `${cmdline}\n`]);
  // mprof's `peak` reads the file through read_mprofile_file: the one check above is what it would do.
});

test("the probe writes nothing on the command's stdout or stderr, and keeps no process alive", async () => {
  const dir = tempDir();
  const file = join(dir, 'quiet.dat');
  const program =
    "new (require('node:worker_threads').Worker)('setTimeout(() => {}, 100)', { eval: true });" +
    "setTimeout(() => { process.stdout.write('out\\n'); process.stderr.write('err\\n'); }, 300);";
  // V8's statistics are read from 5 s into a process's life; this test asks for them from 100 ms.
  const run = await memprof(['run', '-q', '-o', file, 'node', '-e', program], {
    env: { MEMPROF_NODE_V8_EVERY: '100' },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'out\n');
  assert.equal(run.stderr, 'err\n');
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^HEAP \d+ 1 /m, 'the worker thread was probed too');
  assert.match(text, /^V8 \d+ 0 [\d.]+ [\d.]+ [\d.]+ 1 0 /m, "the main thread's V8 statistics, one context");
  assert.ok((await peakDoc(file)).node!.processes[0]!.heapLimitBytes! > 100 * MiB, 'a heap limit');
  // Programs that would end at once end at once: had the probe kept one alive, --timeout would end it (124).
  // One run for two: a bare one, then one with a worker thread.
  const worker = "new (require('node:worker_threads').Worker)('0', { eval: true })";
  const quick = await memprof([
    'run',
    '-q',
    '-t',
    '30',
    '-o',
    join(dir, 'quick.dat'),
    'sh',
    '-c',
    'node -e 0 && exec node -e "$0"',
    worker,
  ]);
  assert.equal(quick.code, 0, quick.stderr);
});

test('a Node process that outlives its run goes on when the channel is gone', async () => {
  const dir = tempDir();
  const flag = join(dir, 'alive');
  const late = `setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(flag)}, 'yes'), 1200)`;
  const script = `node -e ${JSON.stringify(late)} </dev/null >/dev/null 2>&1 & exit 0`;
  const run = await memprof(['run', '-q', '-o', join(dir, 'daemon.dat'), 'sh', '-c', script]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(existsSync(flag), false, 'still running when memprof ended');
  assert.equal(await waitFor(() => writtenText(flag), 10_000, 'the survivor'), 'yes');
});

test('--no-node probes nothing: no heap line, and the run says nothing of Node', async () => {
  const dir = tempDir();
  const file = join(dir, 'off.dat');
  const run = await memprof(['run', '--no-node', '-o', file, 'node', '-e', 'setTimeout(() => {}, 200)']);
  assert.equal(run.code, 0, run.stderr);
  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /^HEAP /m);
  assert.doesNotMatch(text.split('\n')[0]!, /node=1/);
  assert.doesNotMatch(run.stderr, /Node process/);
  assert.equal((await peakDoc(file)).node, null);
});
