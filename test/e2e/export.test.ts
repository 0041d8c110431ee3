import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, type CliResult, memprof, tempDir } from '../helpers/memprof.js';
import { parseCsv } from '../helpers/python-parsers.js';
import { checkTrace } from '../helpers/trace-events.js';
import { decodeDat } from '../../src/format/decode.js';

/** Two children holding 20 and 40 MB for a moment; the parent exits 5. */
const TREE =
  "const {spawn}=require('child_process');" +
  "const kid=(mb)=>spawn(process.execPath,['-e','b=Buffer.alloc('+mb+'e6,1);setTimeout(()=>{},300)']," +
  "{stdio:'inherit'});let n=2;for(const k of [kid(20),kid(40)])k.on('exit',()=>{if(--n===0)process.exitCode=5})";

const sampleLines = (dat: string): number =>
  readFileSync(dat, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('MEM ') || l.startsWith('CHLD ')).length;

/** TREE recorded once with its exports: the recording is the one `export` reads too. */
let exported: Promise<{ dir: string; dat: string; csv: string; trace: string; r: CliResult }> | undefined;
function recordExported() {
  exported ??= (async () => {
    const dir = tempDir('memprof-export-');
    const dat = join(dir, 'run.dat');
    const csv = join(dir, 'run.csv');
    const trace = join(dir, 'run.trace.json');
    const args = ['run', '-M', '-o', dat, '--export', `csv=${csv}`, '--export', `perfetto=${trace}`];
    const r = await memprof([...args, '--', process.execPath, '-e', TREE]);
    return { dir, dat, csv, trace, r };
  })();
  return exported;
}

test('run --export: the CSV and the trace are written from the closed recording; the exit status passes', async () => {
  const { dat, csv, trace, r } = await recordExported();
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, new RegExp(`exported csv to ${csv}\\n`));
  const rows = parseCsv(readFileSync(csv, 'utf8'));
  assert.equal(rows.length, sampleLines(dat));
  const [rec] = decodeDat(readFileSync(dat, 'utf8'));
  const events = checkTrace(readFileSync(trace, 'utf8'));
  const counters = events.filter((e) => e.ph === 'C' && e.name === 'memory');
  const chld = rec!.processes.filter((p) => p.key !== rec!.rootKey).reduce((n, p) => n + p.samples.t.length, 0);
  assert.equal(counters.length, rec!.mem.t.length + chld);
  const peak = Math.max(
    ...rows.filter((row) => row.pid !== String(rec!.processes[0]!.pid)).map((x) => Number(x.bytes)),
  );
  assert.ok(peak > 40e6, `the 40 MB child was read: ${peak}`);
});

test('export reads standard input and writes standard output; a missing or unknown --format is a usage error', async () => {
  const { dir, dat, r } = await recordExported();
  assert.equal(r.code, 5, r.stderr);
  const piped = spawnSync(process.execPath, [BIN, 'export', '-', '--format', 'csv'], { input: readFileSync(dat) });
  assert.equal(piped.status, 0, piped.stderr.toString());
  assert.equal(parseCsv(piped.stdout.toString()).length, sampleLines(dat));
  const none = await memprof(['export', dat]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /export needs --format/);
  const bad = await memprof(['export', dat, '-f', 'xml']);
  assert.equal(bad.code, 2);
  const badRun = await memprof(['run', '--export', 'csv', '--', 'true'], { cwd: dir });
  assert.equal(badRun.code, 2);
  assert.match(badRun.stderr, /invalid --export 'csv'/);
});

test('export to a pipe another program left non-blocking waits for the reader and writes every byte', () => {
  // A shell or CI runner may hand memprof a pipe whose open file is O_NONBLOCK: a write larger than the
  // pipe's 64 KiB then fails with EAGAIN until the reader drains it. The CSV of this recording is larger.
  const dir = tempDir('memprof-export-');
  const dat = join('test', 'fixtures', 'mprof', 'churn_M_T0.01.dat');
  const file = join(dir, 'churn.csv');
  const toFile = spawnSync(process.execPath, [BIN, 'export', dat, '-f', 'csv', '-o', file], { encoding: 'utf8' });
  assert.equal(toFile.status, 0, toFile.stderr);
  const expected = readFileSync(file);
  assert.ok(expected.length > 96 * 1024, `the CSV (${expected.length} bytes) fits in a pipe`);
  const reader =
    'import os, subprocess, sys, time\n' +
    'r, w = os.pipe()\n' +
    'os.set_blocking(w, False)\n' +
    'p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)\n' +
    'os.close(w)\n' +
    'time.sleep(0.3)\n' +
    'data = b""\n' +
    'while chunk := os.read(r, 65536): data += chunk\n' +
    'err = p.stderr.read()\n' +
    'sys.stdout.buffer.write(data)\n' +
    'sys.stderr.buffer.write(err)\n' +
    'sys.exit(p.wait())\n';
  const piped = spawnSync('python3', ['-c', reader, process.execPath, BIN, 'export', dat, '-f', 'csv', '-o', '-'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(piped.status, 0, piped.stderr.toString());
  assert.equal(piped.stderr.toString(), '');
  assert.ok(piped.stdout.equals(expected), `got ${piped.stdout.length} of ${expected.length} bytes`);
});
