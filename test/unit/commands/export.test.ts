import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { writeDat, type FakeRun } from '../../helpers/recordings.js';
import { runVerb } from '../../helpers/in-process.js';
import { parseCsv, readOpenMetrics } from '../../helpers/python-parsers.js';
import { checkTrace } from '../../helpers/trace-events.js';
import { exportCommand, type ExportFormat } from '../../../src/commands/export.js';
import { decodeDat } from '../../../src/format/decode.js';
import { MiB } from '../../../src/units.js';

/** A small build: make, a compiler whose command needs CSV quoting, and a linker that overlaps it. */
const BUILD: FakeRun = {
  command: 'make -j2',
  rootMib: [10, 11, 12, 12, 10],
  children: [
    { pid: 1001, ppid: 1000, command: 'cc1 -o "a,b".o', mib: [null, 20, 40, 30, null], hwmMib: 41 },
    { pid: 1002, ppid: 1000, command: 'ld -o x', mib: [null, null, 5, 50, 8] },
  ],
};
/** The build's total at each tick, in MiB, as the fake run defines it. */
const TOTALS_MIB = [10, 31, 57, 92, 18];
const START = 1_700_000_000;

function exportTo(file: string, format: ExportFormat, extra: { output?: string; name?: string } = {}) {
  return runVerb((io) => exportCommand({ file, format, output: extra.output ?? '-', name: extra.name ?? null, io }));
}

async function exported(format: ExportFormat, run: FakeRun = BUILD): Promise<string> {
  const file = writeDat(tempDir('memprof-export-'), 'build.dat', run);
  const r = await exportTo(file, format);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

test('csv: one row per MEM and CHLD line, read back by Python csv with the file values and commands', async () => {
  const file = writeDat(tempDir('memprof-export-'), 'build.dat', BUILD);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l.startsWith('MEM ') || l.startsWith('CHLD ')).length;
  const rows = parseCsv((await exportTo(file, 'csv')).stdout);
  assert.equal(rows.length, lines);
  assert.deepEqual(Object.keys(rows[0]!), [
    'run',
    'time',
    'seconds',
    'pid',
    'ppid',
    'command',
    'metric',
    'scope',
    'bytes',
  ]);
  const mibOf = (pid: string) => rows.filter((r) => r.pid === pid).map((r) => Number(r.bytes) / MiB);
  assert.deepEqual(mibOf('1000'), BUILD.rootMib);
  assert.deepEqual(mibOf('1001'), [20, 40, 30]);
  assert.deepEqual(mibOf('1002'), [5, 50, 8]);
  const cc1 = rows.find((r) => r.pid === '1001')!;
  assert.equal(cc1.command, 'cc1 -o "a,b".o');
  assert.equal(cc1.ppid, '1000');
  assert.equal(cc1.scope, 'process');
  assert.equal(Number(cc1.time), START + 0.1);
  assert.equal(Number(cc1.seconds), 0.1);
  assert.ok(rows.every((r) => r.metric === 'rss' && r.run === '1'));
});

test('csv of a -C recording: MEM rows are the tree (scope tree), never the main process alone', async () => {
  const rows = parseCsv(await exported('csv', { ...BUILD, memScope: 'tree' }));
  const mem = rows.filter((r) => r.pid === '1000');
  assert.deepEqual(
    mem.map((r) => [r.scope, Number(r.bytes) / MiB]),
    TOTALS_MIB.map((t) => ['tree', t]),
  );
});

test('perfetto: a strict trace whose counters are the file values, the total each tick, lifetimes as slices', async () => {
  const file = writeDat(tempDir('memprof-export-'), 'build.dat', BUILD);
  const [rec] = decodeDat(readFileSync(file, 'utf8'));
  const events = checkTrace((await exportTo(file, 'perfetto')).stdout);
  const micros = (t: number) => Math.round((t - rec!.startTime) * 1e4) * 100;
  for (const p of rec!.processes) {
    const counters = events.filter((e) => e.ph === 'C' && e.name === 'memory' && e.pid === p.pid);
    const expected = p.pid === 1000 ? rec!.mem : p.samples;
    assert.deepEqual(
      counters.map((e) => [e.ts, e.args.rss]),
      expected.t.map((t, i) => [micros(t), expected.v[i]]),
      `pid ${p.pid}`,
    );
  }
  const totals = events.filter((e) => e.ph === 'C' && e.name === 'total memory');
  assert.deepEqual(
    totals.map((e) => (e.args.rss as number) / MiB),
    TOTALS_MIB,
  );
  const ld = events.find((e) => e.ph === 'X' && e.pid === 1002)!;
  assert.equal(ld.name, 'ld -o x');
  assert.deepEqual([ld.ts, ld.dur], [200_000, 200_000]);
  assert.equal(ld.args.peakBytes, 50 * MiB);
  const names = events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.args.name);
  assert.deepEqual(names, ['make -j2', 'cc1 -o "a,b".o', 'ld -o x']);
});

test('perfetto: each phase mark is an instant event over the whole trace at its time, named by its label', async () => {
  const file = writeDat(tempDir('memprof-export-'), 'build.dat', BUILD);
  const [rec] = decodeDat(readFileSync(file, 'utf8'));
  const marked = join(tempDir('memprof-export-'), 'marked.dat');
  const at = rec!.startTime + 0.25;
  writeFileSync(marked, `${readFileSync(file, 'utf8')}MARK 1001 ${at.toFixed(4)} "link"\n`);
  const events = checkTrace((await exportTo(marked, 'perfetto')).stdout);
  const marks = events.filter((e) => e.ph === 'i');
  assert.deepEqual(
    marks.map((e) => [e.name, e.ts, e.s, e.args.markedBy]),
    [['link', 250_000, 'g', 1001]],
  );
});

test("perfetto of mprof files: FUNC brackets nest on a thread of their own, each run's counters apart", async () => {
  const func = checkTrace((await exportTo(join(MPROF_FIXTURES, 'func_ts_T0.1.dat'), 'perfetto')).stdout);
  const slices = func.filter((e) => e.ph === 'X' && e.cat === 'function');
  assert.equal(slices.length, 3);
  assert.ok(slices.some((s) => s.name === '__main__.outer'));
  const text = readFileSync(join(MPROF_FIXTURES, 'concurrent_runs_one_file.dat'), 'utf8');
  const events = checkTrace((await exportTo(join(MPROF_FIXTURES, 'concurrent_runs_one_file.dat'), 'perfetto')).stdout);
  const memLines = text.split('\n').filter((l) => l.startsWith('MEM ')).length;
  // No -C in these files: each MEM is its main process's counter (a pid of its own per run, none recorded).
  const mains = events.filter((e) => e.ph === 'C' && e.name === 'memory');
  assert.equal(mains.length, memLines);
  assert.equal(new Set(mains.map((e) => e.pid)).size, 6);
});

test('openmetrics: read by the strict OpenMetrics parser, last readings and peaks as the run had them', async (t) => {
  const text = await exported('openmetrics');
  // The parser is strict: the same text without its end marker is refused.
  const read = readOpenMetrics([text, text.replace('# EOF\n', '')]);
  if ('missing' in read) {
    t.skip(read.missing);
    return;
  }
  const [families, unended] = read;
  if (!Array.isArray(families)) assert.fail(`refused: ${families!.refused}`);
  assert.ok(unended && 'refused' in unended, 'without # EOF');
  const value = (family: string, labels: Record<string, string>) => {
    const f = families.find((x) => x.name === family);
    const s = f?.samples.find((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v));
    assert.ok(s, `${family} ${JSON.stringify(labels)}`);
    assert.equal(s.timestamp, null);
    return s.value / MiB;
  };
  assert.ok(families.every((f) => f.type === 'gauge'));
  assert.equal(value('process_memory_bytes', { pid: '1000', command: 'make -j2', metric: 'rss' }), 10);
  assert.equal(value('process_memory_bytes', { pid: '1001', command: 'cc1 -o "a,b".o' }), 30);
  assert.equal(value('process_memory_bytes', { pid: '1002' }), 8);
  assert.equal(value('process_memory_peak_bytes', { pid: '1001' }), 40);
  assert.equal(value('process_memory_peak_bytes', { pid: '1002' }), 50);
  assert.equal(value('process_memory_peak_bytes', { pid: '1000' }), 12);
  assert.equal(value('process_memory_hwm_bytes', { pid: '1001' }), 41);
  assert.equal(value('memprof_peak_total_bytes', { command: 'make -j2' }), Math.max(...TOTALS_MIB));
  assert.equal(families.find((f) => f.name === 'process_memory_bytes')?.unit, 'bytes');
});

test('benchmark: customSmallerIsBetter entries for the peak total and the largest process', async () => {
  const file = writeDat(tempDir('memprof-export-'), 'build.dat', BUILD);
  const r = await exportTo(file, 'benchmark', { name: 'lua build' });
  const entries = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(
    entries.map((e) => [e.name, e.unit, e.value]),
    [
      ['lua build: peak total', 'MiB', 92],
      ['lua build: largest process', 'MiB', 50],
    ],
  );
  assert.match(String(entries[1]!.extra), /^pid 1002: ld -o x$/);
  for (const e of entries) assert.deepEqual(Object.keys(e).sort(), ['extra', 'name', 'unit', 'value']);
});

test("json: per run peak --json's fields under memprof.run/1 and the total at every tick", async () => {
  const [doc] = (await exported('json'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(doc.schema, 'memprof.run/1');
  assert.equal(doc.peakTotalBytes, 92 * MiB);
  assert.deepEqual(
    doc.total.map(([s, b]: [number, number]) => [s, b / MiB]),
    TOTALS_MIB.map((t, i) => [Math.round(i * 0.1 * 1e4) / 1e4, t]),
  );
  assert.equal(doc.intervalSeconds, 0.1);
  assert.deepEqual(doc.functions, []);
  const file = join(MPROF_FIXTURES, 'concurrent_runs_one_file.dat');
  const docs = (await exportTo(file, 'json')).stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  const runs = decodeDat(readFileSync(file, 'utf8'));
  assert.deepEqual(
    docs.map((d) => d.total.length),
    runs.map((r) => r.mem.t.length),
  );
});

test('export to a file: beside the recording by default, its path printed; a symlink is replaced, not followed', async () => {
  const dir = tempDir('memprof-export-');
  const file = writeDat(dir, 'build.dat', BUILD);
  const r = await runVerb((io) => exportCommand({ file, format: 'perfetto', output: null, io }));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${join(dir, 'build.trace.json')}\n`);
  checkTrace(readFileSync(join(dir, 'build.trace.json'), 'utf8'));
  writeFileSync(join(dir, 'target.txt'), 'keep me');
  symlinkSync(join(dir, 'target.txt'), join(dir, 'link.csv'));
  const linked = await exportTo(file, 'csv', { output: join(dir, 'link.csv') });
  assert.equal(linked.code, 0, linked.stderr);
  assert.equal(readFileSync(join(dir, 'target.txt'), 'utf8'), 'keep me');
  assert.ok(!lstatSync(join(dir, 'link.csv')).isSymbolicLink());
  const missing = await exportTo(file, 'csv', { output: join(dir, 'no', 'x.csv') });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot write .*x\.csv: its directory does not exist/);
});
