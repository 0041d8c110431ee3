import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticRecording } from '../../bench/plot-recording.js';
import { BIN, tempDir } from '../helpers/memprof.js';
import { poolRun, writeDat } from '../helpers/recordings.js';
import { peakVerb, plotOptions, runVerb } from '../helpers/in-process.js';
import { plotCommand } from '../../src/commands/plot.js';

// `-` reads a recording from standard input, streamed like a file: a pipe gives what the file gives. The
// pipe goes to a memprof process; what the file gives, the truth, is read by the verb in this process.

const dir = tempDir();

function memprofWith(args: string[], stdin: Buffer | number): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: typeof stdin === 'number' ? undefined : stdin,
    stdio: [typeof stdin === 'number' ? stdin : 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a recording piped to `peak -` prints what `peak <file>` prints, named <stdin>', async () => {
  // Several MB: a pipe hands it over in many pieces, each cutting lines anywhere.
  const big = join(dir, 'big.dat');
  writeFileSync(big, syntheticRecording({ processes: 20, lines: 60_000, seed: 5 }));
  for (const file of [writeDat(dir, 'pool.dat', poolRun()), big]) {
    for (const json of [false, true]) {
      const args = json ? ['peak', '--json'] : ['peak'];
      const fromFile = await runVerb(peakVerb([file], { json }));
      const fromPipe = memprofWith([...args, '-'], readFileSync(file));
      assert.equal(fromFile.code, 0, fromFile.stderr);
      assert.equal(fromPipe.code, 0, fromPipe.stderr);
      const named = json
        ? fromFile.stdout.replace(JSON.stringify(file), '"<stdin>"')
        : fromFile.stdout.replace(file, '<stdin>');
      assert.notEqual(named, fromFile.stdout, 'the file name was in the output');
      assert.equal(fromPipe.stdout, named, `${file}${json ? ' --json' : ''}`);
    }
  }
});

test('`check -` judges a piped recording; a device on standard input is refused', () => {
  const pool = readFileSync(writeDat(dir, 'pool2.dat', poolRun()));
  const over = memprofWith(['check', '-', '--max-peak', '100MiB'], pool);
  assert.equal(over.code, 3, over.stderr);
  assert.equal(memprofWith(['check', '-', '--max-peak', '1GiB'], pool).code, 0);
  const zero = openSync('/dev/zero', 'r');
  try {
    const r = memprofWith(['peak', '-'], zero);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'memprof: <stdin>: is a device, not a recording\n');
  } finally {
    closeSync(zero);
  }
});

test('`plot - -o` draws a piped recording as it draws the file, leaving no copy behind', async () => {
  const file = join(dir, 'plotted.dat');
  writeFileSync(file, syntheticRecording({ processes: 14, lines: 15_000, seed: 9 }));
  const before = readdirSync(tmpdir()).filter((f) => f.startsWith('memprof-stdin-')).length;
  for (const ext of ['svg', 'txt']) {
    const fromFile = await runVerb((io) =>
      plotCommand(plotOptions(io, [file], { output: join(dir, `file.${ext}`), groupBy: 'auto' })),
    );
    const fromPipe = memprofWith(['plot', '-', '-o', join(dir, `pipe.${ext}`)], readFileSync(file));
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(fromPipe.code, 0, fromPipe.stderr);
    assert.equal(fromPipe.stderr, fromFile.stderr);
    const drawn = readFileSync(join(dir, `pipe.${ext}`), 'utf8');
    const truth = readFileSync(join(dir, `file.${ext}`), 'utf8');
    // The title names the input, and the SVG's width follows its length: the curves are what must match.
    const curves = (svg: string): string[] => [...svg.matchAll(/ d="(M[^"]*L[^"]*)"/g)].map((m) => m[1]!);
    if (ext === 'svg') {
      assert.ok(curves(truth).length > 3, `${curves(truth).length} curves`);
      assert.ok(JSON.stringify(curves(drawn)) === JSON.stringify(curves(truth)), 'the same curves');
    } else assert.ok(drawn === truth.replaceAll('plotted.dat', '<stdin>'), 'the same terminal chart');
  }
  assert.equal(readdirSync(tmpdir()).filter((f) => f.startsWith('memprof-stdin-')).length, before);
  const unnamed = memprofWith(['plot', '-'], readFileSync(file));
  assert.equal(unnamed.code, 2);
  assert.match(unnamed.stderr, /standard input has no name to put a chart beside/);
  assert.equal(memprofWith(['plot', '-', '-o', join(dir, 'z.svg')], openSync('/dev/zero', 'r')).code, 2);
});
