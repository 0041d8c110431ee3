import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MiB } from '../../src/units.js';
import { BIN, FIXTURES, memprof, ROOT, tempDir } from '../helpers/memprof.js';
import { peakVerb, plotOptions, runVerb } from '../helpers/in-process.js';
import { peakDoc } from '../helpers/peak-doc.js';
import { plotCommand } from '../../src/commands/plot.js';

// Phase markers: `memprof mark` from a grandchild shell and mark() from a program land in the recording
// at the instant they were called, split the run's peaks into phases, and are drawn on every plot.

const ALLOC = join(FIXTURES, 'alloc.js');

/** A shell line that stamps the time (epoch seconds, ns) into `file`. */
const stamp = (file: string): string => `date +%s.%N > ${file}`;

test('memprof mark from a grandchild shell lands at its instant and splits the peaks by phase', async () => {
  const dir = tempDir();
  const file = join(dir, 'marks.dat');
  const mark = (label: string, n: number): string =>
    `${stamp(join(dir, `before${n}`))}; sh -c '${process.execPath} ${BIN} mark ${label}'; ` +
    stamp(join(dir, `after${n}`));
  const script = [
    `node ${ALLOC} 30 300`,
    mark('build', 1),
    `node ${ALLOC} 90 300`,
    mark('test files', 2),
    `node ${ALLOC} 20 300`,
  ].join('; ');
  // The sampling thread takes over at once: the channel is read where the thread samples.
  const env = { MEMPROF_SAMPLING_THREAD_AFTER: '0' };
  const run = await memprof(['run', '-M', '-o', file, 'sh', '-c', script], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /memprof: 3 phases; the highest total, \d+ MiB, in build\n/);
  const doc = await peakDoc(file);
  assert.deepEqual(doc.warnings, []);
  const t0 = Date.parse(doc.startTime) / 1000;
  assert.deepEqual(
    doc.marks.map((m) => m.label),
    ['build', 'test files'],
  );
  doc.marks.forEach((m, i) => {
    const before = Number(readFileSync(join(dir, `before${i + 1}`), 'utf8'));
    const after = Number(readFileSync(join(dir, `after${i + 1}`), 'utf8'));
    const at = t0 + m.atSeconds;
    assert.ok(at >= before - 2e-3 && at <= after + 2e-3, `${m.label} at ${at}, called in [${before}, ${after}]`);
  });
  assert.deepEqual(
    doc.phases.map((p) => p.label),
    [null, 'build', 'test files'],
  );
  // Each phase's highest process is the allocation run in it (its RSS holds what it allocated), at its own peak.
  const allocated = [30, 90, 20];
  doc.phases.forEach((phase, i) => {
    const top = phase.processes[0]!;
    assert.match(top.command, new RegExp(`alloc\\.js ${allocated[i]} 300$`), `phase ${phase.label}`);
    const own = doc.processes.find((p) => p.pid === top.pid)!;
    assert.equal(top.peakBytes, own.peakBytes, 'the whole of its peak fell in the phase');
    assert.ok(top.peakBytes > allocated[i]! * MiB, `${phase.label}: ${top.peakBytes / MiB} MiB`);
    assert.ok(phase.peakTotalBytes! >= top.peakBytes);
    if (i > 0) assert.ok(Math.abs(phase.startSeconds - doc.marks[i - 1]!.atSeconds) < 1e-3);
  });
  assert.ok(doc.phases[1]!.peakTotalBytes! > doc.phases[0]!.peakTotalBytes! + 50 * MiB);
  assert.ok(doc.phases[1]!.peakTotalBytes! > doc.phases[2]!.peakTotalBytes! + 50 * MiB);
  // What is read and drawn, by the verbs in this process: the mark CLI is what this test runs for real.
  const text = await runVerb(peakVerb([file]));
  assert.match(text.stdout, /phases \(2 marks; \* the highest\):/);
  assert.match(text.stdout, /\n {4}build +[\d.]+ s +[\d.]+ s +\d+ MiB \* /);

  // Drawn on every plot: a dashed rule with its label in the SVG, a dotted column and a legend in the terminal.
  const svgFile = join(dir, 'marks.svg');
  const svg = await runVerb((io) => plotCommand(plotOptions(io, [file], { output: svgFile, groupBy: 'auto' })));
  assert.equal(svg.code, 0, svg.stderr);
  const drawn = readFileSync(svgFile, 'utf8');
  assert.match(drawn, />build</);
  assert.match(drawn, />test files</);
  assert.match(drawn, /stroke-dasharray="4,3"/);
  const ascii = await runVerb((io) => plotCommand(plotOptions(io, [file], { ascii: true, groupBy: 'auto' })));
  assert.equal(ascii.code, 0, ascii.stderr);
  assert.match(ascii.stdout, /┊ mark 1 build at [\d.]+ s\n {2}┊ mark 2 test files at [\d.]+ s/);
  const rows = ascii.stdout.split('\n');
  const numbers = rows.find((r) => /^ +1 +2$/.test(r));
  assert.ok(numbers, `a row numbering the marks:\n${ascii.stdout}`);
  const column = numbers!.indexOf('1');
  assert.ok(rows.filter((r) => r[column] === '┊').length >= 3, 'a dotted rule down the first mark');
});

test('mark() from a program records its phases; record() resolves to the run with heaps, marks and phases', async () => {
  const dir = tempDir();
  const times = join(dir, 'times.json');
  const index = join(ROOT, 'dist', 'bundle', 'index.js');
  process.env.MEMPROF_INDEX = pathToFileURL(index).href;
  const api = (await import(pathToFileURL(index).href)) as typeof import('../../src/index.js');
  assert.equal(api.mark('outside any run'), false);
  const run = await api.record(['node', join(FIXTURES, 'marks-api.mjs'), times]);
  assert.equal(run.exitCode, 0);
  assert.equal(run.file, null);
  const calls = (JSON.parse(readFileSync(times, 'utf8')) as { times: Array<Record<string, unknown>> }).times;
  assert.deepEqual(
    calls.map((c) => [c.label, c.sent]),
    [
      ['load', true],
      ['serve', true],
    ],
  );
  assert.deepEqual(
    run.marks.map((m) => m.label),
    ['load', 'serve'],
  );
  run.marks.forEach((m, i) => {
    const at = (run.startTime + m.atSeconds) * 1000;
    const { before, after } = calls[i] as { before: number; after: number };
    assert.ok(at >= before - 0.1 && at <= after + 0.1, `${m.label} at ${at}, called in [${before}, ${after}]`);
  });
  assert.equal(run.nodeProcesses.probed, 1);
  // 96 MiB of strings, then 16 MiB more before or after V8 collected them; an idle isolate holds about 4 MiB.
  const heap = run.processes.find((p) => p.isRoot)!.heap!;
  assert.ok(heap.heapUsedBytes > 96 * MiB && heap.heapUsedBytes < (112 + 4) * 1.1 * MiB, `${heap.heapUsedBytes / MiB}`);
  assert.deepEqual(
    run.phases.map((p) => p.label),
    [null, 'load', 'serve'],
  );
  // RSS: what V8 took for the strings in phase load stays resident after they are dropped.
  const [before, load] = run.phases.map((p) => p.peakTotalBytes!);
  assert.ok(load! > before! + 80 * MiB, `the 96 MiB were taken in phase load: ${JSON.stringify(run.phases)}`);
});
