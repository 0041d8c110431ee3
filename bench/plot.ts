// Benchmark of `memprof plot`: a 1,000,000-line recording of 20 processes must plot to SVG in under
// 5 s with an SVG under 1 MB; mprof's fixtures; and what loading vega costs (paid by plot only).
// Run: npx tsc -p . && node dist/bench/plot.js [lines]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecordings } from '../src/format/reader.js';
import { buildPlotRun } from '../src/analysis/plot-data.js';
import { buildChartData } from '../src/report/chart-data.js';
import { buildChartSpec } from '../src/report/chart-spec.js';
import { chartTitles } from '../src/report/chart-titles.js';
import { syntheticRecording } from './plot-recording.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(ROOT, 'bin', 'memprof.js');
const OUT = join(ROOT, '.bench-out');
const FIXTURES = resolve(ROOT, '..', 'shared', 'fixtures', 'mprof');

function wall(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function phases(file: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    out[name] = Math.round(now - t);
    t = now;
  };
  const recs = readRecordings(file);
  lap('read');
  const runs = recs.map((r, i) => buildPlotRun(r, i + 1, { top: 10, window: null, prefixRun: false }));
  lap('curves+fold');
  const data = buildChartData(runs, { buckets: 380, window: null, slope: false, functions: true });
  lap('reduce');
  const spec = buildChartSpec(data, { ...chartTitles(runs, null), width: 760, height: 380, interactive: false });
  const { renderSvg } = await import('../src/report/svg.js');
  lap('spec');
  await renderSvg(spec);
  lap('vega import+render');
  out.points = data.points.length;
  return out;
}

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 1_000_000);
  mkdirSync(OUT, { recursive: true });
  const dat = join(OUT, `plot-${lines}.dat`);
  writeFileSync(dat, syntheticRecording({ processes: 20, lines, seed: 7 }));
  const svg = join(OUT, `plot-${lines}.svg`);
  const times = [0, 1, 2].map(() => wall([BIN, 'plot', dat, '-o', svg]));
  const bytes = statSync(svg).size;
  const actualLines = spawnSync('wc', ['-l', dat], { encoding: 'utf8' }).stdout.trim().split(' ')[0];
  console.log(`recording: ${actualLines} lines, 20 processes, ${(statSync(dat).size / 1e6).toFixed(1)} MB`);
  const svgMs = median(times);
  const svgVerdict = svgMs < 5000 ? 'OK' : 'FAIL';
  console.log(`plot to SVG, end to end (median of 3): ${(svgMs / 1000).toFixed(2)} s  [target < 5 s] ${svgVerdict}`);
  console.log(`SVG size: ${(bytes / 1024).toFixed(0)} KiB  [target < 1 MB] ${bytes < 1e6 ? 'OK' : 'FAIL'}`);
  console.log('in-process phases (ms):', await phases(dat));
  const html = join(OUT, `plot-${lines}.html`);
  const htmlSeconds = wall([BIN, 'plot', dat, '-o', html]) / 1000;
  console.log(`plot to HTML, end to end: ${htmlSeconds.toFixed(2)} s, ${(statSync(html).size / 1024).toFixed(0)} KiB`);

  for (const name of readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.dat'))
    .sort()) {
    const ms = wall([BIN, 'plot', join(FIXTURES, name), '-o', join(OUT, `${name}.svg`)]);
    console.log(`mprof fixture ${name}: ${(ms / 1000).toFixed(2)} s`);
  }
  const node = median([0, 1, 2, 3, 4].map(() => wall(['-e', '0'])));
  const vega = median(
    [0, 1, 2, 3, 4].map(() => wall(['--input-type=module', '-e', "await import('vega'); await import('vega-lite')"])),
  );
  const cli = median([0, 1, 2, 3, 4].map(() => wall([BIN, '--version'])));
  console.log(
    `node -e 0: ${node.toFixed(0)} ms; importing vega + vega-lite: +${(vega - node).toFixed(0)} ms (plot only); ` +
      `memprof --version (CLI without vega): +${(cli - node).toFixed(0)} ms`,
  );
}

await main();
