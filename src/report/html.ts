export interface HtmlPageInput {
  title: string;
  /** The compiled vega spec (vega-lite compiled ahead, so the page needs only the vega runtime). */
  vegaSpec: object;
  /** The text of vega's standalone browser build, inlined so the page works offline. */
  vegaRuntime: string;
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

// The page's margin on each side, in CSS pixels, and the smallest plot area worth drawing.
const MARGIN = 16;
const LEAST = { width: 420, height: 220 };

// A small tooltip handler: vega's default only sets the title attribute, which shows late and plain.
const PAGE_SCRIPT = `
const tip = document.getElementById('tip');
function esc(s) { return String(s).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]); }
function showTip(handler, event, item, value) {
  if (value == null || value === '') { tip.style.display = 'none'; return; }
  const rows = typeof value === 'object'
    ? Object.entries(value).filter(([, v]) => v !== '' && v != null)
        .map(([k, v]) => '<tr><th>' + esc(k) + '</th><td>' + esc(v) + '</td></tr>').join('')
    : '<tr><td>' + esc(value) + '</td></tr>';
  tip.innerHTML = '<table>' + rows + '</table>';
  tip.style.display = 'block';
  const x = event.clientX + 14, y = event.clientY + 14;
  tip.style.left = Math.min(x, window.innerWidth - tip.offsetWidth - 8) + 'px';
  tip.style.top = Math.min(y, window.innerHeight - tip.offsetHeight - 8) + 'px';
}
const view = new vega.View(vega.parse(SPEC), { renderer: 'svg', container: '#chart', hover: true });
view.tooltip(showTip);
// The chart fills the window: once drawn (its axes and legend measured), and again on each resize.
function refit() {
  const svg = document.querySelector('#chart svg');
  if (!svg) return Promise.resolve();
  const box = svg.getBoundingClientRect();
  const space = { width: window.innerWidth - 2 * MARGIN, height: window.innerHeight - 2 * MARGIN };
  const plot = { width: view.width(), height: view.height() };
  const size = fittedPlot(space, { width: box.width, height: box.height }, plot, LEAST);
  if (size.width === plot.width && size.height === plot.height) return Promise.resolve();
  return view.width(size.width).height(size.height).runAsync();
}
let resizing = null;
window.addEventListener('resize', () => { clearTimeout(resizing); resizing = setTimeout(refit, 60); });
view.runAsync().then(refit).then(() => { document.body.dataset.rendered = 'yes'; });
`;

/** One self-contained page: the vega runtime, the spec and a tooltip, with no network access needed. */
export function renderHtml(input: HtmlPageInput): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>
body { font-family: DejaVu Sans, Verdana, Helvetica, Arial, sans-serif; margin: ${MARGIN}px; overflow: auto; }
#tip { position: fixed; display: none; pointer-events: none; background: #fff; border: 1px solid #999;
  border-radius: 4px; padding: 4px 8px; font-size: 12px; box-shadow: 0 2px 6px rgba(0,0,0,.2); max-width: 640px; }
#tip th { text-align: left; color: #555; font-weight: normal; padding-right: 10px; vertical-align: top; }
#tip td { word-break: break-all; }
</style>
</head>
<body>
<div id="chart"></div>
<div id="tip"></div>
<script>${scriptSafe(input.vegaRuntime)}</script>
<script>
const SPEC = ${scriptSafe(JSON.stringify(input.vegaSpec))};
const MARGIN = ${MARGIN};
const LEAST = ${JSON.stringify(LEAST)};
const fittedPlot = ${fittedPlot.toString()};
${PAGE_SCRIPT}
</script>
</body>
</html>
`;
}
