import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memprof, tempDir } from '../helpers/memprof.js';
import { fileInput, plotRuns } from '../../src/analysis/plot-passes.js';
import { MiB } from '../../src/units.js';

const MAKE = ['/usr/bin/make', '/bin/make'].find((p) => existsSync(p));
const CC = ['/usr/bin/cc', '/usr/bin/gcc'].find((p) => existsSync(p));

/** A small C project: six files, each long enough that its compiler is read a few times. */
function project(dir: string): void {
  const objects: string[] = [];
  for (let f = 0; f < 6; f++) {
    const body = Array.from({ length: 800 }, (_, i) => `int f${f}_${i}(int x) { return x * ${i} + ${f}; }`);
    writeFileSync(join(dir, `f${f}.c`), `${body.join('\n')}\n${f === 0 ? 'int main(void) { return 0; }\n' : ''}`);
    objects.push(`f${f}.o`);
  }
  writeFileSync(join(dir, 'Makefile'), `app: ${objects.join(' ')}\n\t${CC} -o app ${objects.join(' ')}\n`);
}

/** The file read by hand: each tick's total (MEM and its CHLD lines), and each process's program. */
function readByHand(dat: string) {
  const totals: number[] = [];
  const command = new Map<string, string>();
  const sampled = new Set<string>();
  for (const line of readFileSync(dat, 'utf8').split('\n')) {
    const [type, ...f] = line.split(' ');
    if (type === 'MEM') totals.push(Number(f[0]));
    else if (type === 'CHLD') {
      totals[totals.length - 1]! += Number(f[1]);
      sampled.add(f[0]!);
    } else if (type === 'PROC') command.set(f[0]!, JSON.parse(f.slice(4).join(' ')));
    else if (type === 'CMD') command.set(f[0]!, JSON.parse(f.slice(1).join(' ')));
  }
  const programs = new Map<string, number>();
  for (const pid of sampled) {
    const first = command.get(pid)!.split(' ')[0]!;
    const program = first.slice(first.lastIndexOf('/') + 1);
    programs.set(program, (programs.get(program) ?? 0) + 1);
  }
  return { totals, programs };
}

test('--group-by program on a parallel build: one series per program, their sum the total at every tick', {
  skip: MAKE && CC ? false : 'needs make and a C compiler',
}, async () => {
  const dir = tempDir('memprof-build-');
  project(dir);
  const dat = join(dir, 'build.dat');
  const r = await memprof(['run', '-M', '-q', '-o', dat, '--', MAKE!, '-j4', '-s', '-C', dir]);
  assert.equal(r.code, 0, r.stderr);
  const truth = readByHand(dat);
  assert.ok((truth.programs.get('cc1') ?? 0) >= 4, `cc1 read: ${JSON.stringify([...truth.programs])}`);
  const options = { top: 20, window: null, prefixRun: false, groupBy: 'program' as const };
  const [run] = plotRuns([fileInput(dat, 'auto')], options, () => null);
  const groups = run!.lines.filter((l) => l.kind === 'group').slice(1);
  const expected = [...truth.programs].map(([p, n]) => `${p} (${n} ${n === 1 ? 'process' : 'processes'})`);
  assert.deepEqual(groups.map((g) => g.id).sort(), expected.sort());
  const layers = run!.lines;
  assert.equal(layers[0]!.command, `${MAKE} -j4 -s -C ${dir}`);
  assert.equal(run!.total!.series.t.length, truth.totals.length);
  truth.totals.forEach((mib, k) => {
    const sum = layers.reduce((s, l) => s + l.series.v[k]!, 0);
    assert.ok(Math.abs(sum / MiB - mib) < 1e-5, `tick ${k}: layers ${sum / MiB} MiB, file ${mib} MiB`);
    assert.ok(Math.abs(run!.total!.series.v[k]! / MiB - mib) < 1e-5);
  });
  // The default chart groups by program: more processes share one than --top (10) shows.
  const svg = join(dir, 'build.svg');
  const plotted = await memprof(['plot', dat, '-o', svg]);
  assert.equal(plotted.code, 0, plotted.stderr);
  assert.match(plotted.stderr, /summed by program into \d+ series, stacked/);
  assert.match(readFileSync(svg, 'utf8'), new RegExp(`cc1 \\(${truth.programs.get('cc1')} processes\\)`));
});
