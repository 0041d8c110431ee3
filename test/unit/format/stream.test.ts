import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeFile, summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat, RecordingStore } from '../../../src/format/decode.js';
import { DatError } from '../../../src/format/errors.js';
import { type ReadOptions, streamRecording } from '../../../src/format/stream.js';
import type { ProcessRecord } from '../../../src/format/types.js';
import { tempDir } from '../../helpers/memprof.js';
import { pick, prng, seeds } from '../../helpers/fuzz-dat.js';
import { randomText } from '../../helpers/random-recordings.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

const dir = tempDir();

/** Read by a scanning thread, with slots small enough that lines cross them, fill their tapes, or outgrow them. */
const PARALLEL: ReadOptions[] = [
  { parallel: true, slotSize: { bytes: 64, lines: 2 } },
  { parallel: true, slotSize: { bytes: 333, lines: 5 } },
  { parallel: true, slotSize: { bytes: 4096, lines: 1000 } },
  { parallel: true },
];

/** A recording with a long line, a CRLF line, an empty line and multi-byte characters to cut in two. */
const TEXT =
  fakeDat(poolRun({ command: `node pool.js ${'x'.repeat(300)} é 日本` })) +
  'CHLD 1001 12.5 1700000000.25\r\n\nUNKNOWN line mprof would skip\nCMD 1000 "node 日本.js"\n';

/**
 * The thread's reads that differ for a file of at most 5 lines and 332 bytes: its lines across slots (the
 * smallest), or the whole file in one slot, which every larger size also holds it in (asserted by `few`).
 */
const PARALLEL_FEW = PARALLEL.slice(0, 2);

/** PARALLEL_FEW, once the file is known to be that small: each thread started costs tens of milliseconds. */
function few(text: string | Buffer): ReadOptions[] {
  const bytes = Buffer.from(text);
  const lines = bytes.toString('latin1').split('\n').length;
  assert.ok(bytes.length < 333 && lines <= 5, `${bytes.length} bytes, ${lines} lines: read it with every size`);
  return PARALLEL_FEW;
}

function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

test('a line split across two pieces reads as it does whole, wherever the cut falls', () => {
  const file = write('split.dat', TEXT);
  const whole = decodeDat(TEXT, file);
  const summary = summarizeFile(file, 'auto', { chunkBytes: 1 << 20 });
  const bytes = Buffer.byteLength(TEXT);
  const reads: ReadOptions[] = [...PARALLEL];
  for (let chunk = 1; chunk <= bytes; chunk += chunk < 80 ? 1 : 97) reads.push({ chunkBytes: chunk });
  for (const read of reads) {
    const how = JSON.stringify(read);
    assert.deepEqual(summarizeFile(file, 'auto', read), summary, how);
    const { runs, scannedByThread } = streamRecording<ProcessRecord, RecordingStore>(
      file,
      () => new RecordingStore(),
      read,
    );
    assert.equal(scannedByThread, read.parallel === true, how);
    assert.deepEqual(runs[0]!.store.series, whole[0]!.mem, `MEM series, ${how}`);
    assert.deepEqual(runs[0]!.processes, whole[0]!.processes, `processes, ${how}`);
  }
  assert.equal(summary[0]!.processes.find((p) => p.isRoot)!.command, 'node 日本.js');
  assert.equal(summary[0]!.command, `node pool.js ${'x'.repeat(300)} é 日本`);
});

test('read in small pieces, a bad line is named by its number, as read whole', () => {
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['nan.dat', 'CMDLINE x\nMEM twelve 100.1\nMEM 0x1 100.2\n', /nan\.dat:2: memory value is not a number: 'twelve'$/],
    ['negative.dat', 'CMDLINE x\nCHLD 12 -3.5 100.0\n', /negative\.dat:2: negative memory value/],
    ['garbage.dat', '\n{"not": "a recording"}\nMEM 1.0 100.0\n', /garbage\.dat:2: not a recording line/],
    ['newer.dat', 'MEM 1.0 100.0\nMEMPROF 2 metric=rss\n', /newer\.dat:2: written by a newer memprof/],
    ['empty.dat', '', /empty\.dat: empty file: no samples$/],
    ['binary.dat', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 0, 0x0a]), /binary\.dat: binary data, not a recording$/],
    ['none.dat', 'CMDLINE x\nFUNC f 1 2 3 4\n', /none\.dat: no samples \(no MEM or CHLD line\)$/],
  ];
  for (const [name, text, pattern] of cases) {
    const file = write(name, text);
    for (const read of [...[1, 3, 16, 1 << 20].map((chunkBytes) => ({ chunkBytes })), ...few(text)]) {
      assert.throws(
        () => summarizeFile(file, 'auto', read),
        (e: unknown) => e instanceof DatError && e.exitCode === 2 && pattern.test(e.message),
        `${name}, ${JSON.stringify(read)}`,
      );
    }
  }
});

test('a last line without its newline is dropped with a warning naming it, however the file is cut', () => {
  const text = 'CMDLINE x\nMEM 1.000000 100.0000\nMEM 5.000000 100.1000\nMEM 9.0';
  const file = write('killed.dat', text);
  for (const read of [...[1, 5, 1 << 20].map((chunkBytes) => ({ chunkBytes })), ...few(text)]) {
    const [run] = summarizeFile(file, 'auto', read);
    assert.equal(run!.peakTotalBytes, 5 * 1024 * 1024, JSON.stringify(read));
    assert.deepEqual(run!.warnings, [{ kind: 'incomplete-last-line', line: 4 }]);
  }
});

test('what is not a file to read is refused by name: missing, a directory, a device', () => {
  mkdirSync(join(dir, 'folder.dat'));
  symlinkSync('/dev/zero', join(dir, 'zero.dat'));
  const cases: Array<[string, RegExp]> = [
    ['missing.dat', /missing\.dat: no such file$/],
    ['folder.dat', /folder\.dat: is a directory, not a recording$/],
    ['zero.dat', /zero\.dat: is a device, not a recording$/],
  ];
  for (const [name, pattern] of cases) {
    assert.throws(
      () => summarizeFile(join(dir, name)),
      (e: unknown) => e instanceof DatError && pattern.test(e.message),
      name,
    );
  }
});

test('a line longer than 64 MiB is refused, not read into memory without end', () => {
  const file = join(dir, 'endless.dat');
  // Written a MiB at a time: one 65 MiB buffer costs several times the CPU to fill and write.
  const fd = openSync(file, 'w');
  const mib = Buffer.alloc(1024 * 1024, 'a');
  for (let n = 0; n < 65; n++) writeSync(fd, mib);
  closeSync(fd);
  for (const parallel of [false, true]) {
    assert.throws(
      () => summarizeFile(file, 'auto', { parallel }),
      (e: unknown) =>
        e instanceof DatError && /endless\.dat:1: a line longer than 64 MiB: not a recording$/.test(e.message),
      `parallel: ${parallel}`,
    );
  }
});

test('read by a scanning thread, every random recording decodes as it does read alone', () => {
  const rand = prng(424242);
  const corpus = seeds();
  for (let n = 0; n < 25; n++) {
    const text = randomText(rand, corpus);
    const file = write('random.dat', text);
    const alone = outcome(() => streamRecording(file, () => new RecordingStore(), { parallel: false }));
    const read = pick(rand, PARALLEL);
    const both = outcome(() => streamRecording(file, () => new RecordingStore(), read));
    const what = `case ${n}, ${JSON.stringify(read)}:\n${text.slice(0, 300)}`;
    if (typeof alone === 'string' && text.includes('\u0000')) assert.equal(typeof both, 'string', what);
    else if (typeof both === 'string' || typeof alone === 'string') assert.equal(both, alone, what);
    else {
      assert.ok(both.scannedByThread, `read by a scanning thread, ${what}`);
      assert.deepEqual({ ...both, scannedByThread: false }, alone, what);
    }
  }
});

test('a second pass reads only as far as the first did, though the file grew since', () => {
  const text = fakeDat(poolRun());
  const file = write('growing.dat', `${text}${text}`);
  for (const read of [{ parallel: false }, ...PARALLEL]) {
    const [run] = summarizeFile(file, 'auto', { ...read, limit: Buffer.byteLength(text) });
    assert.deepEqual(run, summarizeRuns(decodeDat(text, file))[0], JSON.stringify(read));
  }
});

function outcome<T>(read: () => T): T | string {
  try {
    return read();
  } catch (error) {
    if (error instanceof DatError) return error.message;
    throw error;
  }
}
