/**
 * The page's chart: the vega view, a small tooltip handler (vega's default only sets the title attribute,
 * which shows late and plain), the fit to the window, and the left margin that puts the plot's x = 0 above
 * the timeline's. Expects SPEC, RENDERER, MARGIN, LEAST, LABEL, fittedPlot; calls onChartLaidOut() after each layout.
 */
export const CHART_SCRIPT = `
const tip = document.getElementById('tip');
function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]); }
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
const chartBox = document.getElementById('chart');
const view = new vega.View(vega.parse(SPEC), { renderer: RENDERER, container: '#chart', hover: true });
view.tooltip(showTip);
// The plot's left edge, from the page's left margin: the label column's width, or more for a wide y axis.
let labelWidth = LABEL;
function align() {
  const padding = view.padding();
  const origin = view.origin()[0] + (typeof padding === 'number' ? padding : padding.left || 0);
  labelWidth = Math.max(LABEL, Math.ceil(origin));
  chartBox.style.marginLeft = (labelWidth - origin) + 'px';
}
// The chart takes the window's width and about half its height; the timeline and the table come below.
function refit() {
  const drawn = chartBox.querySelector('svg, canvas');
  if (!drawn) return Promise.resolve();
  const box = drawn.getBoundingClientRect();
  const margin = parseFloat(chartBox.style.marginLeft) || 0;
  const space = { width: window.innerWidth - 2 * MARGIN - margin, height: Math.round(window.innerHeight * 0.5) };
  const plot = { width: view.width(), height: view.height() };
  const size = fittedPlot(space, { width: box.width, height: box.height }, plot, LEAST);
  if (size.width === plot.width && size.height === plot.height) return Promise.resolve();
  return view.width(size.width).height(size.height).runAsync();
}
function layOut() {
  align();
  return refit().then(() => { align(); onChartLaidOut(); });
}
/** Draw these points ({t, v} in the chart's units, v null between curves) over the chart; [] clears. */
function drawSelected(points) {
  return view.data('selected', points).runAsync();
}
let resizing = null;
window.addEventListener('resize', () => { clearTimeout(resizing); resizing = setTimeout(layOut, 60); });
view.runAsync().then(layOut).then(() => { document.body.dataset.rendered = 'yes'; });
`;
