import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDat } from '../../../src/format/decode.js';
import { readRecordings } from '../../../src/format/reader.js';
import { DatError } from '../../../src/format/errors.js';
import {
  encodeChld,
  encodeCmdline,
  encodeExit,
  encodeHeader,
  encodeMem,
  encodeProc,
} from '../../../src/format/encode.js';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { summarizeFile } from '../../../src/analysis/summary.js';
import type { MalformedKind } from '../../../src/format/read-warnings.js';
import { MiB } from '../../../src/units.js';

test('reads every mprof fixture without error', () => {
  const files = readdirSync(MPROF_FIXTURES).filter((f) => f.endsWith('.dat'));
  assert.ok(files.length >= 7);
  for (const f of files) {
    const runs = readRecordings(join(MPROF_FIXTURES, f));
    assert.ok(runs.length >= 1, f);
    assert.ok(runs[0]!.mem.t.length > 0 || runs[0]!.processes.length > 0, f);
  }
});

test('splits the concurrent-runs file into one run per CMDLINE', () => {
  const runs = readRecordings(join(MPROF_FIXTURES, 'concurrent_runs_one_file.dat'));
  assert.ok(runs.length > 1);
  for (const run of runs) assert.equal(run.mem.t.length, run.mem.v.length);
  assert.deepEqual(runs[0]!.warnings, [{ kind: 'several-runs', runs: runs.length }]);
});

test('mprof FUNC brackets before CMDLINE belong to the run', () => {
  const [run] = readRecordings(join(MPROF_FIXTURES, 'func_ts_T0.1.dat'));
  assert.equal(run!.funcs.length, 3);
  assert.equal(run!.funcs[2]!.name, '__main__.outer');
  assert.equal(run!.funcs[2]!.level, 0);
});

test('a reused pid becomes a second process, not one merged series', () => {
  const text =
    encodeHeader({
      version: 1,
      metric: 'rss',
      intervalSeconds: 0.01,
      memScope: 'root',
      perProcess: true,
      source: 'procfs',
    }) +
    encodeCmdline('node a.js') +
    encodeProc(100, 1, 10, 10, 'node a.js') +
    encodeProc(200, 100, 10, 10, 'child one') +
    encodeMem(5 * MiB, 10) +
    encodeChld(200, 3 * MiB, 10) +
    encodeExit(200, 10) +
    encodeProc(200, 100, 11, 11, 'child two') +
    encodeMem(5 * MiB, 11) +
    encodeChld(200, 7 * MiB, 11);
  const [run] = decodeDat(text);
  const kids = run!.processes.filter((p) => p.pid === 200);
  assert.deepEqual(
    kids.map((p) => [p.key, p.command, p.samples.v[0]]),
    [
      ['200', 'child one', 3 * MiB],
      ['200#2', 'child two', 7 * MiB],
    ],
  );
  assert.equal(run!.rootKey, '100');
});

test('a truncated last line is dropped with a warning', () => {
  const [run] = decodeDat('CMDLINE x\nMEM 1.000000 10.0000\nMEM 2.0', 'f.dat');
  assert.equal(run!.mem.v.length, 1);
  assert.deepEqual(run!.warnings, [{ kind: 'incomplete-last-line', line: 3 }]);
});

test('corrupt input names the file and line and throws only DatError', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /f\.dat: empty file/],
    // A bad line in a file with no good sample: the file is refused by its first bad line.
    ['CMDLINE x\nMEM abc 10\n', /f\.dat:2: memory value is not a number/],
    ['CMDLINE x\nMEM -1 10\nMEM 0x1A 11\n', /f\.dat:2: negative/],
    ['\u0000\u0001garbage\n', /binary/],
    // Not a recording from its first line on.
    ['hello world\n', /f\.dat:1: not a recording line/],
    ['\r\n\nMEM 0x1A 10\nMEM 1 11\n', /f\.dat:3: memory value is not a decimal number: '0x1A'/],
    ['CMDLINE x\n', /no samples/],
    // A header this memprof cannot read the file by, wherever it is.
    ['MEMPROF 9 metric=rss\nMEM 1 1\n', /newer memprof/],
    ['CMDLINE x\nMEM 1 1\nMEMPROF 1 metric=bogus\n', /f\.dat:3: unknown metric 'bogus'/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => decodeDat(text, 'f.dat'),
      (e: unknown) => e instanceof DatError && pattern.test(e.message),
      text,
    );
  }
});

test('the reader names the file for a missing file and a directory (DatError, exit 2)', () => {
  const cases: Array<[string, RegExp]> = [
    [join(MPROF_FIXTURES, 'no-such.dat'), /no-such\.dat: no such file$/],
    [MPROF_FIXTURES, /is a directory/],
  ];
  for (const [file, pattern] of cases) {
    assert.throws(
      () => readRecordings(file),
      (e: unknown) => e instanceof DatError && e.exitCode === 2 && pattern.test(e.message),
      file,
    );
  }
});

/** A file with malformed lines of every kind at lines it notes down, and how many MEM lines are read. */
function malformedFile(): { text: string; lines: Record<MalformedKind, number[]>; mem: number } {
  const out = ['CMDLINE x'];
  const lines: Record<MalformedKind, number[]> = { garbled: [], 'not-decimal': [], 'extra-fields': [], backwards: [] };
  let mem = 0;
  const add = (line: string, kind?: MalformedKind): void => {
    out.push(line);
    if (kind) lines[kind].push(out.length);
  };
  for (let i = 0; i < 20; i++) {
    const t = (100 + i / 10).toFixed(4);
    // 0x1000 would be 4096 MiB, the peak, if it were read.
    if (i === 3) add(`MEM 0x1000 ${t}`, 'not-decimal');
    else if (i % 4 === 1 && i !== 5) add(`MEM 9999 soon${i}`, 'garbled');
    else {
      mem++;
      if (i === 5) add(`MEM 50.000000 ${t} 77`, 'extra-fields');
      else if (i === 7) add(`MEM 2.000000 ${(100 + i / 10 - 1).toFixed(4)}`, 'backwards');
      else add(`MEM ${i}.000000 ${t}`);
    }
    if (i === 10) add('CHLD abc 1.0 101.0', 'garbled');
    if (i === 12) add(`CHLD 7 3.000000 ${t}`);
    if (i === 15) add('mem 1 2', 'garbled');
  }
  return { text: `${out.join('\n')}\n`, lines, mem };
}

test('malformed lines are counted by kind with their first line numbers; skipped ones hold no number', () => {
  const { text, lines, mem } = malformedFile();
  const file = join(tempDir(), 'malformed.dat');
  writeFileSync(file, text);
  const expected = (['garbled', 'not-decimal', 'extra-fields', 'backwards'] as const).map((malformed) => ({
    kind: 'malformed',
    malformed,
    count: lines[malformed].length,
    lines: lines[malformed].slice(0, 3),
    detail:
      malformed === 'garbled'
        ? "timestamp is not a number: 'soon1'"
        : malformed === 'not-decimal'
          ? "memory value is not a decimal number: '0x1000'"
          : null,
  }));
  assert.equal(lines.garbled.length, 6, 'more garbled lines than are named');
  const [run] = decodeDat(text, file);
  assert.deepEqual(run!.warnings, expected);
  // Skipped: the hex and garbled lines; read: the one with an extra field (50 MiB) and the one back in time.
  assert.equal(run!.mem.v.length, mem);
  assert.equal(Math.max(...run!.mem.v), 50 * MiB);
  assert.ok(run!.mem.v.includes(2 * MiB), 'the line back in time is read');
  const reads = [1, 7, 1 << 20].map((chunkBytes) => ({ chunkBytes }));
  for (const read of [...reads, { parallel: true, slotSize: { bytes: 40, lines: 3 } }, { parallel: true }]) {
    const [summary] = summarizeFile(file, 'auto', read);
    assert.deepEqual(summary!.warnings, expected, JSON.stringify(read));
    assert.equal(summary!.peakTotalBytes, 50 * MiB, JSON.stringify(read));
  }
});

test('a file of good lines, and every mprof fixture, has no malformed line', () => {
  const files = readdirSync(MPROF_FIXTURES).filter((f) => f.endsWith('.dat'));
  for (const f of files) {
    const warnings = readRecordings(join(MPROF_FIXTURES, f))[0]!.warnings;
    assert.deepEqual(
      warnings.filter((w) => w.kind === 'malformed'),
      [],
      f,
    );
  }
  // CRLF line ends, blank lines and a line type memprof does not know are not malformed.
  const [run] = decodeDat('CMDLINE x\r\n\r\n\nMEM 1.0 10.0\r\nNEWTYPE 1 2 3\nMEM 2.0 10.1\n');
  assert.deepEqual(run!.warnings, []);
  assert.equal(run!.mem.v.length, 2);
});
