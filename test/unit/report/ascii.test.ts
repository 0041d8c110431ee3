import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDat } from '../../../src/format/decode.js';
import {
  encodeChld,
  encodeCmdline,
  encodeExit,
  encodeHeader,
  encodeMem,
  encodeProc,
} from '../../../src/format/encode.js';
import { buildPlotRun } from '../../../src/analysis/plot-data.js';
import { columnValues, renderAscii } from '../../../src/report/ascii.js';
import { MiB } from '../../../src/units.js';

/** Main process 100 ticks at 10 MiB; a child alive only in ticks 40..59 at 50 MiB. */
function run() {
  let text =
    encodeHeader({
      version: 1,
      metric: 'rss',
      intervalSeconds: 0.1,
      memScope: 'root',
      perProcess: true,
      source: 'procfs',
    }) +
    encodeCmdline('sh main.sh') +
    encodeProc(10, 1, 0, 0, 'sh main.sh');
  for (let k = 0; k < 100; k++) {
    text += encodeMem(10 * MiB, k / 10);
    if (k === 40) text += encodeProc(11, 10, 4, 4, 'sleep 2');
    if (k >= 40 && k < 60) text += encodeChld(11, 50 * MiB, k / 10);
    if (k === 59) text += encodeExit(11, 5.9);
  }
  return buildPlotRun(decodeDat(text)[0]!, 1, { top: 10, window: null, prefixRun: false });
}

const options = {
  title: 'sh main.sh',
  subtitle: ['x.dat'],
  yTitle: 'RSS (MiB)',
  x: [0, 9.9] as [number, number],
  columns: 80,
  rows: 10,
  colour: true,
};
const ESC = '\x1b';

/** Which chart columns (of the plot rows, not the legend) hold a character drawn in `colour`. */
function columnsIn(chart: string, colour: string): Set<number> {
  const cols = new Set<number>();
  for (const line of chart.split('\n').filter((l) => /[┤┼]/.test(l))) {
    const cells = line.split(new RegExp(`(${ESC}\\[[0-9;]*m)`));
    let col = 0;
    let current = '';
    for (const part of cells) {
      if (part.startsWith(ESC)) {
        current = part === `${ESC}[0m` ? '' : part;
        continue;
      }
      for (const _ of part) {
        if (current === colour) cols.add(col);
        col++;
      }
    }
  }
  return cols;
}

test('columns: the highest sample per column, nothing before a process started or after it ended', () => {
  const child = run().lines[1]!;
  const values = columnValues(child, [0, 9.9], 100);
  assert.equal(values.filter((v) => v !== undefined).length, 20);
  assert.equal(values[39], undefined);
  assert.equal(values[40], 50);
  assert.equal(values[60], undefined);
});

test('a process is drawn only across its lifetime: no line before it started, no drop to zero after it ended', () => {
  const chart = renderAscii([run()], options);
  const child = columnsIn(chart, `${ESC}[31m`); // the second line (the child) is red
  assert.ok(child.size > 0);
  const label = 9 + 1;
  const perColumn = 9.9 / (80 - 11);
  const start = label + Math.floor(4 / perColumn) - 1;
  const end = label + Math.ceil(5.9 / perColumn) + 1;
  for (const col of child)
    assert.ok(col >= start && col <= end, `child drawn at column ${col}, outside ${start}..${end}`);
});

test('the chart has the asked number of rows, its legend and the peak, and no NaN', () => {
  const chart = renderAscii([run()], { ...options, colour: false });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: no ESC (a colour code) may be in the chart
  assert.doesNotMatch(chart, /NaN|undefined|\x1b/);
  const lines = chart.split('\n');
  assert.equal(lines.filter((l) => /┤|┼/.test(l)).length, 11);
  assert.match(chart, /peak 60 MiB at 4\.00 s \(total\)/);
  // Without colour each process has a marker of its own, drawn on its row; the total stays a line.
  assert.match(chart, / \* 10 sh main\.sh · peak 10 MiB/);
  assert.match(chart, / \+ 11 sleep 2 · peak 50 MiB/);
  assert.match(chart, /── total · peak 60 MiB/);
  const row = (mib: string) => lines.find((l) => l.trimStart().startsWith(`${mib}┤`)) ?? '';
  assert.match(row('48.0'), /\+{10,}/, 'the 50 MiB child on the 48 MiB row');
  assert.match(row('12.0'), /\*{10,}/, 'the 10 MiB main process on the 12 MiB row');
  assert.ok(
    lines.every((l) => l.length <= 80),
    'fits the terminal width',
  );
});
