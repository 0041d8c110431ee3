import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memprof, MPROF_FIXTURES, tempDir } from '../helpers/memprof.js';
import { syntheticRecording } from '../../bench/plot-recording.js';
import { linePaths, parseXml, textsOfRole } from '../unit/report/svg-helpers.js';
import { readOneRun } from '../helpers/dat.js';
import { runTree, type TreeSpec } from '../helpers/tree.js';
import { buildPlotRun } from '../../src/analysis/plot-data.js';
import { MiB } from '../../src/units.js';
import { plotCommand } from '../../src/commands/plot.js';
import { plotOptions, runVerb } from '../helpers/in-process.js';
import { peakCommand } from '../../src/commands/peak.js';
import { parseWindow } from '../../src/cli/plot.js';

const FIXTURES_TITLE =
  'every mprof fixture plots to a well-formed SVG (FUNC brackets, several runs in one file, 1000+ children)';

test(FIXTURES_TITLE, async () => {
  const dir = tempDir('memprof-plot-');
  const funcs = join(MPROF_FIXTURES, 'func_ts_T0.1.dat');
  // Through the CLI, beside the loop: mprof's --flame reaches the command, --backend (matplotlib's) is accepted
  // and does nothing. To a terminal chart, which says it draws no flame: a memprof that loads no vega.
  const flame = memprof(['plot', funcs, '--flame', '--backend', 'Agg', '-o', join(dir, 'flame.txt')]);
  for (const name of readdirSync(MPROF_FIXTURES).filter((f) => f.endsWith('.dat'))) {
    const out = join(dir, `${name}.svg`);
    const r = await runVerb((io) => plotCommand(plotOptions(io, [join(MPROF_FIXTURES, name)], { output: out })));
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), out);
    const svg = readFileSync(out, 'utf8');
    parseXml(svg);
    assert.ok(linePaths(svg).length >= 1, name);
  }
  const churn = readFileSync(join(dir, 'churn_M_T0.01.dat.svg'), 'utf8');
  const legend = textsOfRole(churn, 'legend-label');
  assert.ok(legend.length <= 12, `legible legend: ${legend.length} entries`);
  assert.ok(legend.some((l) => /^others \(\d{4} processes\)/.test(l)));
  assert.ok(readFileSync(join(dir, 'func_ts_T0.1.dat.svg'), 'utf8').includes('__main__.outer'));
  const flamed = await flame;
  assert.equal(flamed.code, 0, flamed.stderr);
  assert.match(flamed.stderr, /^memprof: note: --flame draws? in SVG and HTML only/m);
  // And --flame draws, here, where vega is loaded already: the calls as blocks.
  const svgFile = join(dir, 'flame.svg');
  const drawn = await runVerb((io) => plotCommand(plotOptions(io, [funcs], { flame: true, output: svgFile })));
  assert.equal(drawn.code, 0, drawn.stderr);
  const svg = readFileSync(svgFile, 'utf8');
  parseXml(svg);
  assert.equal(svg.match(/aria-label="start: [\d.]+; y0: [\d.]+; end: [\d.]+; y1: [\d.]+; colour: #\w+"/g)?.length, 3);
});

const NEWEST_TITLE =
  'no file named: the newest recording here, SVG next to it, its path printed; a number picks from list order';

test(NEWEST_TITLE, async () => {
  const dir = tempDir('memprof-plot-');
  writeFileSync(join(dir, 'mprofile_20240101000000.dat'), syntheticRecording({ processes: 3, lines: 300, seed: 1 }));
  copyFileSync(join(MPROF_FIXTURES, 'grandchild_M.dat'), join(dir, 'mprofile_20240102000000.dat'));
  const newest = await runVerb((io) => plotCommand(plotOptions(io, [])), { cwd: dir });
  assert.equal(newest.code, 0, newest.stderr);
  assert.equal(newest.stdout.trim(), 'mprofile_20240102000000.svg');
  assert.ok(existsSync(join(dir, 'mprofile_20240102000000.svg')));
  const first = await runVerb((io) => plotCommand(plotOptions(io, ['0'])), { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout.trim(), 'mprofile_20240101000000.svg');
});

test('no recording in the directory, a missing or a corrupt file: one line naming it, exit 2', async () => {
  const dir = tempDir('memprof-plot-');
  const none = await runVerb((io) => plotCommand(plotOptions(io, [])), { cwd: dir });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no recording \(mprofile_\*\.dat\)/);
  const missing = await runVerb((io) => plotCommand(plotOptions(io, ['nope.dat'])), { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.dat: no such file/);
  writeFileSync(join(dir, 'bad.dat'), 'CMDLINE x\nMEM abc 1\n');
  // Through the CLI: main prints the error as one line, with no stack trace.
  const bad = await memprof(['plot', 'bad.dat'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.dat:2: memory value is not a number/);
  assert.doesNotMatch(bad.stderr, /internal error|at .*\.js/);
});

test('bad flags are usage errors (exit 2)', async () => {
  const dat = join(MPROF_FIXTURES, 'grandchild_M.dat');
  const dir = tempDir('memprof-plot-');
  // Through the CLI, a flag of each of its parsers; the other values by those parsers, and the output's name
  // by the command, in this process.
  const flags = [
    ['--window', '5,2'],
    ['--top', 'many'],
  ];
  const results = await Promise.all(flags.map((args) => memprof(['plot', dat, ...args])));
  results.forEach((r, i) => {
    assert.equal(r.code, 2, `${flags[i]!.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^memprof: /);
  });
  const png = await runVerb((io) => plotCommand(plotOptions(io, [dat], { output: join(dir, 'x.png') })));
  assert.equal(png.code, 2, png.stderr);
  assert.match(png.stderr, /^memprof: cannot tell the format of /);
  const window = await runVerb((io) => plotCommand(plotOptions(io, [dat], { window: parseWindow('a,b') })));
  assert.equal(window.code, 2, window.stderr);
  assert.match(window.stderr, /^memprof: invalid window 'a,b'/);
});

test('--ascii draws in the terminal; -o .html writes one page that needs no network', async () => {
  const dat = join(MPROF_FIXTURES, 'pool_M_T0.1.dat');
  const ascii = await runVerb((io) => plotCommand(plotOptions(io, [dat], { ascii: true })));
  assert.equal(ascii.code, 0, ascii.stderr);
  assert.match(ascii.stdout, /RSS \(MiB\)/);
  assert.match(ascii.stdout, /peak 2\.86 GiB at 6\.41 s \(total\)/);
  assert.match(ascii.stdout, / [*+ox#] 11161 \(command not recorded\)/);
  const html = join(tempDir('memprof-plot-'), 'pool.html');
  const page = await runVerb((io) => plotCommand(plotOptions(io, [dat], { output: html, title: 'pool & friends' })));
  assert.equal(page.code, 0, page.stderr);
  const text = readFileSync(html, 'utf8');
  assert.doesNotMatch(text, /\s(src|href)=["']?https?:/i);
  assert.match(text, /<title>pool &amp; friends<\/title>/);
  assert.match(text, /"tooltip"/);
  assert.ok(text.includes('vega'), 'vega runtime inlined');
});

test('--window limits the time axis and the peak to the window', async () => {
  const out = join(tempDir('memprof-plot-'), 'w.svg');
  const window = parseWindow('0,2.5');
  const r = await runVerb((io) =>
    plotCommand(plotOptions(io, [join(MPROF_FIXTURES, 'pool_M_T0.1.dat')], { window, output: out })),
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /peak 432 MiB at 2\.01 s/, "the window's peak, not the run's 2.86 GiB");
  assert.match(readFileSync(out, 'utf8'), />peak 432 MiB at 2\.01 s</);
});

test('a -M -C run: plot draws the main process too, and its peak agrees with `memprof peak`', async () => {
  const spec: TreeSpec = { name: 'root', alloc: 60, hold: 900, children: [{ name: 'a', alloc: 30, hold: 500 }] };
  const { result, datFile, dir, events } = await runTree(spec, ['-M', '-C']);
  assert.equal(result.code, 0, result.stderr);
  const rootPid = events().find((e) => e.name === 'root')!.pid;
  const svgFile = join(dir, 'tree.svg');
  const plot = await runVerb((io) => plotCommand(plotOptions(io, [datFile], { output: svgFile })));
  assert.equal(plot.code, 0, plot.stderr);
  assert.match(plot.stderr, /memprof: 2 processes, 2 drawn/);
  const legend = textsOfRole(readFileSync(svgFile, 'utf8'), 'legend-label');
  assert.ok(
    legend.some((l) => new RegExp(`^${rootPid} python3 .*tree\\.py `).test(l)),
    legend.join(' | '),
  );
  const peak = await runVerb((io) => peakCommand({ files: [datFile], json: true, io }));
  const root = JSON.parse(peak.stdout).processes.find((p: { pid: number }) => p.pid === rootPid);
  const own = buildPlotRun(readOneRun(datFile), 1, { top: 10, window: null, prefixRun: false }).lines[0]!;
  assert.equal(own.pid, rootPid);
  assert.equal(Math.round(own.peak!.bytes), Math.round(root.peakBytes));
  const allocated = events().find((e) => e.name === 'root')!;
  const grew = own.peak!.bytes - allocated.baseline!;
  assert.ok(Math.abs(grew - allocated.allocated!) <= 0.1 * allocated.allocated!, `main grew ${grew / MiB} MiB`);
});

test('plot never writes through a symlink at its output path: the link is replaced, its target untouched', async () => {
  const dir = tempDir('memprof-plot-');
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious');
  symlinkSync(victim, join(dir, 'rec.svg'));
  copyFileSync(join(MPROF_FIXTURES, 'grandchild_M.dat'), join(dir, 'rec.dat'));
  const r = await runVerb((io) => plotCommand(plotOptions(io, [join(dir, 'rec.dat')], { groupBy: 'auto' })));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(victim, 'utf8'), 'precious');
  assert.ok(lstatSync(join(dir, 'rec.svg')).isFile());
  parseXml(readFileSync(join(dir, 'rec.svg'), 'utf8'));
});
