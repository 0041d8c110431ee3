import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChartData } from '../../../src/report/chart-data.js';
import { chartLayout, MAX_PLOT_WIDTH, MIN_PLOT_WIDTH } from '../../../src/report/chart-layout.js';
import { fittedPlot, renderHtml } from '../../../src/report/html.js';
import { timelineData } from '../../../src/report/timeline-data.js';
import { textWidth } from '../../../src/report/text-width.js';

const withLegend = (labels: string[]): ChartData =>
  ({ colours: { domain: labels, range: [] } }) as unknown as ChartData;

test('the plot takes what the legend leaves: short labels a wide plot, long or many labels a wider legend', () => {
  const short = chartLayout(withLegend(['1 make · 5 MiB', '2 cc1 · 30 MiB', 'total · 40 MiB']), 'pid command');
  assert.equal(short.columns, 1);
  assert.equal(short.width, MAX_PLOT_WIDTH);
  assert.ok(short.labelLimit < 120 && short.labelLimit >= textWidth('2 cc1 · 30 MiB', 11));
  const long = `123 ${'x'.repeat(70)} · 30 MiB`;
  const wide = chartLayout(withLegend([long, 'total · 40 MiB']), 'pid command');
  assert.ok(wide.labelLimit > 300, `${wide.labelLimit}`);
  assert.ok(wide.width < short.width && wide.width >= MIN_PLOT_WIDTH);
  assert.equal(wide.width + wide.legendWidth + 60, 1440);
  const many = chartLayout(withLegend(Array.from({ length: 60 }, (_, i) => `${i} cc1 f${i}.c · 30 MiB`)), 'pid');
  assert.equal(many.columns, 3);
  assert.ok(many.legendWidth >= 3 * many.labelLimit);
  assert.equal(many.width, 1440 - many.legendWidth - 60);
  const crowded = chartLayout(withLegend(Array.from({ length: 200 }, (_, i) => `${i} cc1 f${i}.c`)), 'pid');
  assert.equal(crowded.width, MIN_PLOT_WIDTH);
});

test('the HTML page sizes the plot to the window: what is beside the plot keeps its size, on load and resize', () => {
  const rendered = { width: 1450, height: 484 };
  const plot = { width: 1100, height: 380 };
  assert.deepEqual(fittedPlot({ width: 1600, height: 900 }, rendered, plot, { width: 420, height: 220 }), {
    width: 1250,
    height: 796,
  });
  assert.deepEqual(fittedPlot({ width: 500, height: 200 }, rendered, plot, { width: 420, height: 220 }), {
    width: 420,
    height: 220,
  });
  const page = renderHtml({
    title: 't',
    vegaSpec: {},
    vegaRuntime: '',
    timeline: timelineData([]),
    points: 0,
    besidePlot: { width: 0, height: 0 },
  });
  assert.match(page, /const fittedPlot = function fittedPlot\(space, rendered, plot, least\)/);
  assert.match(page, /window\.addEventListener\('resize'/);
  assert.match(page, /view\.runAsync\(\)\.then\(layOut\)/);
});
