import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
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
import { MPROF_FIXTURES } from '../../helpers/memprof.js';
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
  assert.match(runs[0]!.warnings.join('\n'), /runs written into one file/);
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
  assert.match(run!.warnings[0]!, /line 3 is incomplete/);
});

test('corrupt input names the file and line and throws only DatError', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /f\.dat: empty file/],
    ['CMDLINE x\nMEM abc 10\n', /f\.dat:2: memory value is not a number/],
    ['CMDLINE x\nMEM -1 10\n', /f\.dat:2: negative/],
    ['\u0000\u0001garbage\n', /binary/],
    ['hello world\n', /f\.dat:1: not a recording line/],
    ['CMDLINE x\n', /no samples/],
    ['MEMPROF 9 metric=rss\nMEM 1 1\n', /newer memprof/],
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

test('a line with a bad pid or time names its line number', () => {
  const cases: Array<[string, RegExp]> = [
    ['CMDLINE x\nMEM 1 10\nCHLD abc 1 10\n', /f\.dat:3: pid is not a number/],
    ['CMDLINE x\nMEM 1 10\nMEM 1 soon\n', /f\.dat:3: timestamp is not a number/],
    ['CMDLINE x\nMEM 1\n', /f\.dat:2: timestamp is not a number/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => decodeDat(text, 'f.dat'),
      (e: unknown) => e instanceof DatError && pattern.test(e.message),
      text,
    );
  }
});
