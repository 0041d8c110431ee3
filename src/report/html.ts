import { CHART_SCRIPT } from './html-chart-script.js';
import { pageStyle } from './html-style.js';
import { TIMELINE_SCRIPT } from './html-timeline-script.js';
import type { TimelineData } from './timeline-data.js';

export interface HtmlPageInput {
  title: string;
  /** The compiled vega spec (vega-lite compiled ahead, so the page needs only the vega runtime). */
  vegaSpec: object;
  /** The text of vega's standalone browser build, inlined so the page works offline. */
  vegaRuntime: string;
  /** Every process of the runs, for the timeline and the table. */
  timeline: TimelineData;
  /** How many points the chart draws (see chartRenderer). */
  points: number;
  /**
   * A generous estimate of the chart's size beside its plot area (legend, axes, title, padding), so that the
   * first render is already sized to the window and is seldom drawn a second time.
   */
  besidePlot: Size;
}

/** Above this many points the chart is drawn on a canvas: an SVG node for each point makes the page slow to open. */
const SVG_POINTS = 3000;

/** SVG, whose shapes a test or a user can inspect, unless the chart has too many points for it to open fast. */
export function chartRenderer(points: number): 'svg' | 'canvas' {
  return points <= SVG_POINTS ? 'svg' : 'canvas';
}

/** Text placed inside a <script> element must not close it early. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

interface Size {
  width: number;
  height: number;
}

/**
 * The plot area that makes the rendered chart fill `space`: the chart's parts beside the plot (axes, title,
 * legend) keep the size they rendered at, the plot takes the rest, never below `least`. Self-contained: its
 * source is copied into the page.
 */
export function fittedPlot(space: Size, rendered: Size, plot: Size, least: Size): Size {
  return {
    width: Math.max(least.width, Math.floor(space.width - (rendered.width - plot.width))),
    height: Math.max(least.height, Math.floor(space.height - (rendered.height - plot.height))),
  };
}

// The page's margin on each side, in CSS pixels, the smallest plot area worth drawing, and the timeline's
// label column (the plot starts right of it, so that the chart and the timeline share their time axis).
const MARGIN = 16;
const LEAST = { width: 420, height: 220 };
const LABEL = 300;
/** Above this many processes the timeline starts grouped by program. */
const GROUP_AT = 40;

type VegaSpec = { data?: object[]; marks?: object[] };

/** The compiled spec with an empty line drawn over everything: the page puts the selected process's curve in it. */
export function withSelectionLayer(spec: object): object {
  const vega = spec as VegaSpec;
  const line = {
    type: 'line',
    name: 'selected_curve',
    from: { data: 'selected' },
    interactive: false,
    clip: true,
    encode: {
      update: {
        x: { scale: 'x', field: 't' },
        y: { scale: 'y', field: 'v' },
        defined: { signal: 'datum.v != null' },
        stroke: { value: '#d6266b' },
        strokeWidth: { value: 2.4 },
      },
    },
  };
  return {
    ...vega,
    data: [...(vega.data ?? []), { name: 'selected', values: [] }],
    marks: [...(vega.marks ?? []), line],
  };
}

/** One self-contained page: the vega runtime, the chart, the timeline and the table, with no network access needed. */
export function renderHtml(input: HtmlPageInput): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>${pageStyle(MARGIN)}</style>
</head>
<body>
<div id="chart"></div>
<div id="detail"></div>
<div id="controls"><input id="search" type="search" placeholder="filter by command" aria-label="filter by command">
<label><input type="checkbox" id="grouped"> group by program</label><span id="count"></span></div>
<div id="timeline"><div id="tl-view" class="view"><div id="tl-inner" class="inner"></div></div></div>
<div id="table"><div id="tb-head" class="tr"></div>
<div id="tb-view" class="view"><div id="tb-inner" class="inner"></div></div></div>
<div id="tip"></div>
<script>${scriptSafe(input.vegaRuntime)}</script>
<script>
const SPEC = ${scriptSafe(JSON.stringify(withSelectionLayer(input.vegaSpec)))};
const P = ${scriptSafe(JSON.stringify(input.timeline))};
const MARGIN = ${MARGIN};
const LEAST = ${JSON.stringify(LEAST)};
const LABEL = ${LABEL};
const GROUP_AT = ${GROUP_AT};
const RENDERER = '${chartRenderer(input.points)}';
const BESIDE_PLOT = ${JSON.stringify(input.besidePlot)};
const fittedPlot = ${fittedPlot.toString()};
${CHART_SCRIPT}
${TIMELINE_SCRIPT}
</script>
</body>
</html>
`;
}
