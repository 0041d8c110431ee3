import type { TopLevelSpec } from 'vega-lite';
import { HEAP_BANDS, type ChartData } from './chart-data.js';

export interface ChartSpecOptions {
  title: string;
  subtitle: string[];
  yTitle: string;
  /** Says what the legend's columns are: `pid command · peak · kernel HWM`. */
  legendTitle: string;
  width: number;
  height: number;
  /** HTML: hover tooltips (pid, command, value, time); SVG has no pointer, so no hover layer there. */
  interactive: boolean;
  /** mprof's `--flame`: FUNC brackets as stacked blocks at the bottom, one row per nesting level. */
  flame?: boolean;
  /** The legend's columns and label cut (see chartLayout); default one column, labels cut at 520 px. */
  legend?: { columns: number; labelLimit: number };
}

const FONT = 'DejaVu Sans, Verdana, Helvetica, Arial, sans-serif';
const X = (domain: [number, number]) => ({
  field: 't',
  type: 'quantitative' as const,
  title: 'time since start (s)',
  scale: { domain, nice: false, zero: false },
  axis: { tickCount: 10, grid: true },
});

/** Per-line metadata joined onto each point by line index, so the points stay small. */
function lookupMeta(data: ChartData, fields: string[]) {
  return { lookup: 'i', from: { data: { values: data.meta }, key: 'i', fields } };
}

type Interpolate = ChartData['meta'][number]['interpolate'];

/** The legend of the lines' colours, the same in every layer that has one (vega-lite merges them). */
function colourLegend(options: ChartSpecOptions) {
  return {
    title: options.legendTitle,
    orient: 'right',
    labelLimit: options.legend?.labelLimit ?? 520,
    titleLimit: 520,
    columns: options.legend?.columns ?? 1,
    titleFontWeight: 'normal',
    titleColor: '#555',
    symbolType: 'stroke',
    symbolStrokeWidth: 3,
    labelFontSize: 11,
  };
}

/** One layer a kind of line and an interpolation; each stretch of readings (`s`) of two or more is its own path. */
function lineLayer(
  data: ChartData,
  kinds: string[],
  interpolate: Interpolate,
  strokeWidth: number,
  options: ChartSpecOptions,
) {
  return {
    transform: [
      lookupMeta(data, ['legend', 'kind', 'dash', 'interpolate', 'stacked']),
      { filter: { field: 'kind', oneOf: kinds } },
      { filter: { field: 'interpolate', equal: interpolate } },
      { filter: { field: 'stacked', equal: false } },
      // A reading alone in its stretch would be a path of its own that draws nothing: the dots layer has it.
      { filter: 'datum.a !== 1' },
    ],
    mark: { type: 'line', interpolate, clip: true, strokeWidth },
    encoding: {
      x: X(data.x),
      y: { field: 'y', type: 'quantitative', title: options.yTitle, scale: { domain: [0, data.yMax], nice: true } },
      color: {
        field: 'legend',
        type: 'nominal',
        scale: data.colours,
        legend: colourLegend(options),
      },
      strokeDash: { field: 'dash', type: 'nominal', scale: data.dashes, legend: null },
      detail: { field: 's', type: 'nominal' },
    },
  };
}

/** The layers of these kinds of line, one for each interpolation they use (a chart may overlay RSS and PSS runs). */
function lineLayers(data: ChartData, kinds: string[], strokeWidth: number, options: ChartSpecOptions) {
  const used = new Set(data.meta.filter((m) => kinds.includes(m.kind)).map((m) => m.interpolate));
  const order: Interpolate[] = ['linear', 'step-after'];
  return order.filter((i) => used.has(i)).map((i) => lineLayer(data, kinds, i, strokeWidth, options));
}

/**
 * A grouped chart's layers: each an area from the top of the layers before it (`b`) to its own top (`y`), in
 * its line's colour, so the areas stack up to the total drawn over them.
 */
function stackLayers(data: ChartData, options: ChartSpecOptions) {
  const used = new Set(data.meta.filter((m) => m.stacked).map((m) => m.interpolate));
  return (['linear', 'step-after'] as const)
    .filter((i) => used.has(i))
    .map((interpolate) => ({
      transform: [
        lookupMeta(data, ['legend', 'interpolate', 'stacked']),
        { filter: { field: 'stacked', equal: true } },
        { filter: { field: 'interpolate', equal: interpolate } },
      ],
      mark: { type: 'area', interpolate, clip: true, opacity: 0.78, line: { strokeWidth: 0.8 } },
      encoding: {
        x: X(data.x),
        y: { field: 'y', type: 'quantitative', scale: { domain: [0, data.yMax], nice: true } },
        y2: { field: 'b' },
        color: { field: 'legend', type: 'nominal', scale: data.colours, legend: colourLegend(options) },
        detail: { field: 's', type: 'nominal' },
      },
    }));
}

/** Sparse readings as dots in their line's colour: one alone between two gaps would draw no line at all. */
function dotsLayer(data: ChartData) {
  return {
    data: { values: data.dots },
    mark: { type: 'circle', size: 22, opacity: 0.95, clip: true },
    encoding: {
      x: { field: 't', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      color: { field: 'colour', type: 'nominal', scale: null },
    },
  };
}

function peakLayers(data: ChartData) {
  const values = data.peaks;
  return [
    {
      data: { values },
      transform: [{ filter: "datum.text != ''" }],
      mark: { type: 'rule', strokeDash: [3, 3], color: '#c0392b', opacity: 0.6 },
      encoding: { x: { field: 't', type: 'quantitative' } },
    },
    {
      data: { values },
      mark: { type: 'point', shape: 'circle', size: 70, filled: true, color: '#c0392b' },
      encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    },
    ...(['left', 'right'] as const).map((align) => ({
      data: { values },
      transform: [{ filter: { field: 'align', equal: align } }],
      mark: {
        type: 'text',
        align,
        dx: align === 'left' ? 7 : -7,
        dy: -9,
        fontSize: 12,
        fontWeight: 'bold',
        color: '#c0392b',
      },
      encoding: {
        x: { field: 't', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
        text: { field: 'text' },
      },
    })),
  ];
}

/**
 * mprof's `@profile` brackets: a shaded band while the function ran, its name and duration on top, one
 * row per nesting level.
 */
function funcLayers(data: ChartData) {
  if (data.funcs.length === 0) return [];
  const values = data.funcs;
  return [
    {
      data: { values },
      mark: { type: 'rect', fill: '#b07aa1', fillOpacity: 0.07, stroke: '#b07aa1', strokeOpacity: 0.5, clip: true },
      encoding: { x: { field: 'start', type: 'quantitative' }, x2: { field: 'end' } },
    },
    {
      data: { values },
      transform: [{ calculate: '4 + 13 * datum.level', as: 'row' }],
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, color: '#7d4e72' },
      encoding: {
        x: { field: 'start', type: 'quantitative' },
        y: { field: 'row', type: 'quantitative', scale: null },
        text: { field: 'label' },
      },
    },
  ];
}

/** `--heap`: the process's RSS as three stacked bands under the lines, with a legend of their own (fill). */
function heapLayers(data: ChartData) {
  if (data.heap === null || data.heap.bands.length === 0) return [];
  return [
    {
      data: { values: data.heap.bands },
      mark: { type: 'area', opacity: 0.45, clip: true, interpolate: 'step-after' },
      encoding: {
        x: { field: 't', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative', stack: 'zero' },
        order: { field: 'order', type: 'quantitative' },
        fill: {
          field: 'band',
          type: 'nominal',
          scale: { domain: [...HEAP_BANDS], range: ['#4e79a7', '#f28e2b', '#bab0ac'] },
          legend: { title: data.heap.title, orient: 'bottom', titleFontWeight: 'normal', titleColor: '#555' },
        },
      },
    },
  ];
}

/** Phase markers: a dashed rule at each mark, its label at the top (staggered over three rows), a tooltip in HTML. */
function markLayers(data: ChartData, interactive: boolean) {
  if (data.marks.length === 0) return [];
  const values = data.marks;
  const x = { field: 't', type: 'quantitative' };
  const tooltip = interactive
    ? {
        tooltip: [
          { field: 'label', title: 'phase' },
          { field: 'when', title: 'from' },
        ],
      }
    : {};
  return [
    {
      data: { values },
      mark: { type: 'rule', color: '#444', strokeDash: [4, 3], strokeWidth: 1, opacity: 0.8, clip: true },
      encoding: { x, ...tooltip },
    },
    {
      data: { values },
      transform: [{ calculate: '4 + 12 * datum.row', as: 'y' }],
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, color: '#333', clip: true },
      encoding: { x, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'label' } },
    },
  ];
}

/** mprof's warm colours for flame blocks, one per function name. */
const FLAME_COLOURS = ['#e15759', '#f28e2b', '#edc948', '#ff9da7', '#b07aa1', '#9c755f'];

/** `--flame`: each @profile call a block over its run time, level 0 at the bottom, a tenth of the axis high. */
function flameLayers(data: ChartData) {
  if (data.funcs.length === 0) return [];
  const band = data.yMax / 10;
  const names = [...new Set(data.funcs.map((f) => f.name))];
  const values = data.funcs.map((f) => ({
    ...f,
    y0: f.level * band,
    y1: (f.level + 1) * band,
    middle: (f.level + 0.5) * band,
    colour: FLAME_COLOURS[names.indexOf(f.name) % FLAME_COLOURS.length],
  }));
  const x = { field: 'start', type: 'quantitative' };
  return [
    {
      data: { values },
      mark: { type: 'rect', opacity: 0.55, stroke: 'white', strokeWidth: 1, clip: true },
      encoding: {
        x,
        x2: { field: 'end' },
        y: { field: 'y0', type: 'quantitative' },
        y2: { field: 'y1' },
        fill: { field: 'colour', type: 'nominal', scale: null },
      },
    },
    {
      data: { values },
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 10, color: '#3b2a35', clip: true },
      encoding: { x, y: { field: 'middle', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
}

/** A dot where each process was first and last seen: short-lived processes stay visible. */
function endsLayer(data: ChartData) {
  return {
    data: { values: data.ends },
    mark: { type: 'circle', size: 16, opacity: 0.9, clip: true },
    encoding: {
      x: { field: 't', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      color: { field: 'colour', type: 'nominal', scale: null },
    },
  };
}

/** Invisible points under the pointer: the nearest sample's line, pid, command, value and time. */
function hoverLayer(data: ChartData) {
  return {
    transform: [
      lookupMeta(data, ['id', 'kind', 'pid', 'members', 'command', 'peak', 'hwm']),
      // A stacked layer's point sits at the stack's top; the tooltip gives the layer's own value.
      { calculate: 'datum.o != null ? datum.o : datum.y', as: 'own' },
    ],
    params: [{ name: 'hover', select: { type: 'point', on: 'pointermove', nearest: true, clear: 'pointerout' } }],
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      x: { field: 't', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      color: { value: '#000' },
      opacity: { condition: { param: 'hover', empty: false, value: 0.9 }, value: 0 },
      tooltip: [
        { field: 'id', title: 'line' },
        { field: 'pid', title: 'pid' },
        { field: 'members', title: 'sum of' },
        { field: 'command', title: 'command' },
        { field: 'own', title: 'MiB', format: '.1f' },
        { field: 't', title: 'time (s)', format: '.2f' },
        { field: 'peak', title: 'own peak' },
        { field: 'hwm', title: 'kernel HWM' },
      ],
    },
  };
}

/** The vega-lite spec of the memory chart: pure data in, a JSON-able spec out. */
export function buildChartSpec(data: ChartData, options: ChartSpecOptions): TopLevelSpec {
  const layers: unknown[] = [
    ...heapLayers(data),
    ...(options.flame ? flameLayers(data) : funcLayers(data)),
    ...stackLayers(data, options),
    ...lineLayers(data, ['process', 'others'], 1.6, options),
    endsLayer(data),
    ...lineLayers(data, ['total'], 2.8, options),
    ...lineLayers(data, ['trend'], 1.4, options),
    ...(data.dots.length > 0 ? [dotsLayer(data)] : []),
    ...markLayers(data, options.interactive),
    ...peakLayers(data),
    ...(options.interactive ? [hoverLayer(data)] : []),
  ];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width,
    height: options.height,
    background: 'white',
    padding: 12,
    title: {
      text: options.title,
      subtitle: options.subtitle,
      anchor: 'start',
      fontSize: 15,
      subtitleFontSize: 11,
      subtitleColor: '#555',
      offset: 12,
    },
    data: { values: data.points },
    layer: layers,
    config: {
      font: FONT,
      view: { stroke: '#bbb' },
      axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11 },
    },
  };
  return spec as unknown as TopLevelSpec;
}
