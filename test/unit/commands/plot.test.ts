import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Io } from '../../../src/commands/io.js';
import { plotCommand, type PlotOptions } from '../../../src/commands/plot.js';
import { tempDir } from '../../helpers/memprof.js';
import { writeDat } from '../../helpers/recordings.js';

function buffers(): Io & { outText: () => string; errText: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    outText: () => out,
    errText: () => err,
  };
}

function asciiPlot(file: string, flags: Partial<PlotOptions>, io: Io): Promise<number> {
  return plotCommand({
    files: [file],
    output: null,
    title: null,
    window: null,
    slope: false,
    ascii: true,
    top: 10,
    functions: true,
    flame: false,
    terminal: { columns: 80, rows: 10, colour: false },
    io,
    ...flags,
  });
}

test('--slope and --flame in the terminal chart are said to draw nothing there, not silently ignored', async () => {
  const file = writeDat(tempDir(), 'grow.dat', { command: 'grow', rootMib: [10, 20, 30, 40] });
  const asked = buffers();
  assert.equal(await asciiPlot(file, { slope: true, flame: true }, asked), 0);
  assert.match(asked.errText(), /^memprof: note: --slope and --flame draw in SVG and HTML only/m);
  assert.match(asked.outText(), /grow/, 'the chart is still drawn');
  const plain = buffers();
  assert.equal(await asciiPlot(file, {}, plain), 0);
  assert.doesNotMatch(plain.errText(), /--slope|--flame/);
});
