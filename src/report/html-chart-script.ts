/**
 * The page's chart: the vega view, a small tooltip handler (vega's default only sets the title attribute,
 * which shows late and plain), the fit to the window, and the left margin that puts the plot's x = 0 above
 * the timeline's. Expects SPEC, RENDERER, BESIDE_PLOT, MARGIN, LEAST, LABEL, fittedPlot; calls
 * onChartLaidOut() after each layout.
 */
export const CHART_SCRIPT = `
const tip = document.getElementById('tip');
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ENTITIES[c]); }
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
// The first render sized from an estimate, so that the fit after it seldom has to draw again (see refit).
function space() {
  const margin = parseFloat(chartBox.style.marginLeft) || LABEL - 60;
  return { width: window.innerWidth - 2 * MARGIN - margin, height: Math.round(window.innerHeight * 0.5) };
}
// A subtitle wider than the window would widen the chart past it: its lines are wrapped at their ' · '.
function wrapSubtitle(title, chars) {
  if (!title || !Array.isArray(title.subtitle)) return 0;
  const lines = [];
  for (const line of title.subtitle) {
    let open = '';
    for (const part of String(line).split(' \u00b7 ')) {
      if (open && (open + ' \u00b7 ' + part).length > chars) { lines.push(open); open = part; }
      else open = open ? open + ' \u00b7 ' + part : part;
    }
    if (open) lines.push(open);
  }
  const added = lines.length - title.subtitle.length;
  title.subtitle = lines;
  return added;
}
const added = wrapSubtitle(SPEC.title, Math.floor(space().width / 6.6));
const beside = { width: BESIDE_PLOT.width, height: BESIDE_PLOT.height + 16 * added };
const guess = fittedPlot(space(), beside, { width: 0, height: 0 }, LEAST);
SPEC.width = guess.width;
SPEC.height = guess.height;
const view = new vega.View(vega.parse(SPEC), { renderer: RENDERER, container: '#chart', hover: true });
view.tooltip(showTip);
// The plot's left edge, from the page's left margin: the label column's width, or more for a wide y axis.
let labelWidth = LABEL;
const SLACK = 48;
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
  const plot = { width: view.width(), height: view.height() };
  const size = fittedPlot(space(), { width: box.width, height: box.height }, plot, LEAST);
  // A plot a little smaller than the space allows is kept: drawing it again costs more than the pixels.
  const slack = (fit, now) => fit >= now && fit - now <= SLACK;
  if (slack(size.width, plot.width) && slack(size.height, plot.height)) return Promise.resolve();
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
