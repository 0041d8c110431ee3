/**
 * The page's process timeline and table, in plain DOM. Both draw only the rows in sight (a recording may
 * hold thousands of processes); hovering or clicking a row (or a bar) selects its process, whose curve is
 * drawn over the chart and whose command is shown in full. Expects P (TimelineData), GROUP_AT, esc,
 * labelWidth, view and drawSelected from the chart's script; defines onChartLaidOut.
 */
export const TIMELINE_SCRIPT = `
const N = P.pid.length;
const ROW = 18, TROW = 20, OVERSCAN = 10, MOST_CURVES = 200;
const $ = (id) => document.getElementById(id);
const kids = Array.from({ length: N }, () => []);
const roots = [];
for (let i = 0; i < N; i++) (P.parent[i] >= 0 ? kids[P.parent[i]] : roots).push(i);
const byStart = (a, b) => P.start[a] - P.start[b] || a - b;
for (const k of kids) k.sort(byStart);
let maxPeak = 1;
for (let i = 0; i < N; i++) if (P.peak[i] > maxPeak) maxPeak = P.peak[i];
const expanded = new Set();
let query = '';
let grouped = N > GROUP_AT;
let rows = [];
let order = [];
let sort = { key: null, desc: false };
let pinned = null, hovered = null;
let xs = null, plotWidth = 0;

function label(i) {
  return (P.overlaid ? P.run[i] + ': ' : '') + (P.pid[i] === null ? 'main' : P.pid[i]) + ' ' + P.program[i];
}
function shade(bytes) {
  const s = Math.sqrt(Math.max(0, bytes) / maxPeak);
  return 'hsl(212,62%,' + Math.round(86 - 50 * s) + '%)';
}

// Rows: the tree; grouped, one row per program under each parent group ("cc1 × 96"); searched, the matches
// and their ancestors.
function buildRows() {
  rows = [];
  if (query) {
    const keep = new Uint8Array(N);
    for (let i = 0; i < N; i++) {
      if (!P.command[i].toLowerCase().includes(query)) continue;
      keep[i] = 2;
      for (let j = P.parent[i]; j >= 0 && keep[j] === 0; j = P.parent[j]) keep[j] = 1;
    }
    for (const r of roots) treeRows(r, 0, keep);
  } else if (grouped) {
    for (const [key, members] of byProgram(roots, (i) => P.run[i] + '/')) groupRows(members, 0, key);
  } else for (const r of roots) treeRows(r, 0, null);
  $('timeline').dataset.rows = rows.length;
  $('timeline').dataset.groups = rows.filter((r) => r.g).length;
}
function treeRows(i, depth, keep) {
  if (keep && !keep[i]) return;
  rows.push({ i, depth, dim: keep !== null && keep[i] === 1 });
  for (const c of kids[i]) treeRows(c, depth + 1, keep);
}
function byProgram(members, prefix) {
  const out = new Map();
  for (const m of members) {
    const key = prefix(m) + P.program[m];
    if (!out.has(key)) out.set(key, []);
    out.get(key).push(m);
  }
  return out;
}
function groupRows(members, depth, key) {
  if (members.length === 1) rows.push({ i: members[0], depth });
  else {
    const open = expanded.has(key);
    rows.push({ g: members, depth, key, open });
    if (open) for (const m of members) rows.push({ i: m, depth: depth + 1 });
  }
  const children = [];
  for (const m of members) for (const c of kids[m]) children.push(c);
  children.sort(byStart);
  for (const [k, ms] of byProgram(children, () => key + '/')) groupRows(ms, depth + 1, k);
}

// The table's order: every process matching the search, in the order of the sorted column.
const COLUMNS = [
  ...(P.overlaid ? [{ key: 'run', title: 'run', num: true, width: '40px', val: (i) => P.run[i] }] : []),
  { key: 'pid', title: 'pid', num: true, width: '64px', val: (i) => P.pid[i], text: (i) => P.pid[i] ?? 'main' },
  { key: 'ppid', title: 'parent', num: true, width: '64px', val: (i) => P.ppid[i] },
  { key: 'command', title: 'command', width: 'minmax(240px, 1fr)', val: (i) => P.command[i] },
  { key: 'start', title: 'start', num: true, width: '70px', val: (i) => P.start[i], text: (i) => P.text.start[i] },
  { key: 'end', title: 'end', num: true, width: '70px', val: (i) => P.end[i], text: (i) => P.text.end[i] },
  { key: 'peak', title: 'peak', num: true, width: '80px', val: (i) => P.peak[i], text: (i) => P.text.peak[i] },
  { key: 'hwm', title: 'kernel HWM', num: true, width: '100px', val: (i) => P.hwm[i], text: (i) => P.text.hwm[i] },
  ...(P.heap ? ['heapUsed', 'heapTotal', 'external'].map((key, k) => ({
    key, title: ['heap used', 'heap total', 'external'][k], num: true, width: '84px',
    val: (i) => P[key][i], text: (i) => P.text[key][i],
  })) : []),
];
// Sizes and times sort largest first on the first click; names and numbers smallest first.
const DESCENDING = new Set(['peak', 'hwm', 'heapUsed', 'heapTotal', 'external', 'end']);
function buildOrder() {
  order = [];
  for (let i = 0; i < N; i++) if (!query || P.command[i].toLowerCase().includes(query)) order.push(i);
  const column = COLUMNS.find((c) => c.key === sort.key);
  if (column) {
    const sign = sort.desc ? -1 : 1;
    order.sort((a, b) => {
      const x = column.val(a), y = column.val(b);
      if (x === y) return a - b;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    });
  }
  $('table').dataset.rows = order.length;
  $('table').dataset.sort = sort.key ? sort.key + (sort.desc ? ' desc' : ' asc') : '';
}

// Drawing: only the rows in sight, again on each scroll.
function bar(a, b, bytes, hot) {
  const left = Math.max(0, a), right = Math.min(plotWidth, b);
  if (right < 0 || left > plotWidth) return '';
  return '<i' + (hot ? ' class="hot"' : '') + ' style="left:' + left.toFixed(1) + 'px;width:' +
    Math.max(2, right - left).toFixed(1) + 'px;background:' + shade(bytes) + '"></i>';
}
function groupBars(r) {
  if (r.bars && r.barsWidth === plotWidth) return r.bars;
  let html = '', a = 0, b = -Infinity, peak = 0, hot = false;
  for (const m of r.g) {
    const s = xs(P.start[m]), e = xs(P.end[m]);
    if (s > b + 1) {
      if (b > -Infinity) html += bar(a, b, peak, hot);
      a = s; b = e; peak = P.peak[m]; hot = P.atPeak[m] === 1;
    } else {
      b = Math.max(b, e); peak = Math.max(peak, P.peak[m]); hot = hot || P.atPeak[m] === 1;
    }
  }
  if (b > -Infinity) html += bar(a, b, peak, hot);
  r.bars = html;
  r.barsWidth = plotWidth;
  return html;
}
function selectedOf(r) {
  const s = hovered || pinned;
  if (!s) return false;
  return r.g ? s.g === r.g : s.i === r.i && !s.g;
}
function rowHtml(k) {
  const r = rows[k];
  const hot = r.g ? r.g.some((m) => P.atPeak[m] === 1) : P.atPeak[r.i] === 1;
  const cls = 'row' + (hot ? ' peak' : '') + (selectedOf(r) ? ' sel' : '') + (r.dim ? ' dim' : '');
  const name = r.g
    ? (r.open ? '\u25be ' : '\u25b8 ') + esc(P.program[r.g[0]]) + ' \u00d7 ' + r.g.length
    : esc(label(r.i));
  const bars = r.g ? groupBars(r) : bar(xs(P.start[r.i]), xs(P.end[r.i]), P.peak[r.i], P.atPeak[r.i] === 1);
  const who = r.g ? '' : ' data-pid="' + (P.pid[r.i] ?? 'main') + '"';
  return '<div class="' + cls + '" data-k="' + k + '" data-depth="' + r.depth + '"' + who + ' style="top:' + k * ROW +
    'px"><span class="lab" style="padding-left:' +
    (4 + r.depth * 12) + 'px">' + name + '</span><span class="trk">' + bars + '</span></div>';
}
function drawTimeline() {
  if (!xs) return;
  const box = $('tl-view'), inner = $('tl-inner');
  const top = box.scrollTop, height = box.clientHeight;
  const from = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const to = Math.min(rows.length, Math.ceil((top + height) / ROW) + OVERSCAN);
  let html = '';
  for (const run of P.runs) {
    if (run.peakAt === null) continue;
    const x = xs(run.peakAt);
    if (x < 0 || x > plotWidth) continue;
    html += '<div class="peakline" style="left:' + (labelWidth + x) + 'px;height:' + rows.length * ROW + 'px"></div>';
  }
  for (let k = from; k < to; k++) html += rowHtml(k);
  inner.innerHTML = html;
}
function cellHtml(column, i) {
  const text = column.text ? column.text(i) : column.val(i);
  return '<span' + (column.num ? ' class="num"' : '') + '>' + esc(text ?? '') + '</span>';
}
function drawTable() {
  const box = $('tb-view'), inner = $('tb-inner');
  const top = box.scrollTop, height = box.clientHeight;
  const from = Math.max(0, Math.floor(top / TROW) - OVERSCAN);
  const to = Math.min(order.length, Math.ceil((top + height) / TROW) + OVERSCAN);
  const s = hovered || pinned;
  let html = '';
  for (let k = from; k < to; k++) {
    const i = order[k];
    const cls = 'tr' + (P.atPeak[i] === 1 ? ' peak' : '') + (s && !s.g && s.i === i ? ' sel' : '');
    html += '<div class="' + cls + '" data-i="' + i + '" style="top:' + k * TROW + 'px">' +
      COLUMNS.map((c) => cellHtml(c, i)).join('') + '</div>';
  }
  inner.innerHTML = html;
}
function drawHead() {
  $('tb-head').innerHTML = COLUMNS.map((c) => '<span data-key="' + c.key + '"' + (c.num ? ' class="num"' : '') + '>' +
    esc(c.title) + (sort.key === c.key ? (sort.desc ? ' \u25bc' : ' \u25b2') : '') + '</span>').join('');
}
function sizeViews() {
  const most = Math.max(160, Math.round(window.innerHeight * 0.4));
  $('tl-inner').style.height = rows.length * ROW + 'px';
  $('tl-view').style.height = Math.min(rows.length * ROW + 2, most) + 'px';
  $('tb-inner').style.height = order.length * TROW + 'px';
  $('tb-view').style.height = Math.min(order.length * TROW + 2, most) + 'px';
  $('count').textContent = N + (N === 1 ? ' process' : ' processes') +
    (query ? ', ' + order.length + ' matching' : '') + (grouped && !query ? ', ' + rows.length + ' rows' : '');
}
function redraw() { sizeViews(); drawTimeline(); drawTable(); }

// Selection: a process ({i}), a group ({g}), or a group's process ({i, g}, hovered on its bar).
const HINT = 'Hover or click a process in the timeline or the table: its curve is drawn on the chart.';
function describe(s) {
  if (!s) return '<span class="hint">' + HINT + '</span>';
  if (s.i === undefined) {
    let best = s.g[0], first = s.g[0], last = s.g[0];
    for (const m of s.g) {
      if (P.peak[m] > P.peak[best]) best = m;
      if (P.start[m] < P.start[first]) first = m;
      if (P.end[m] > P.end[last]) last = m;
    }
    return '<b>' + esc(P.program[best]) + ' \u00d7 ' + s.g.length + '</b> \u00b7 ' + P.text.start[first] + ' \u2013 ' +
      P.text.end[last] + ' \u00b7 largest peak ' + P.text.peak[best] + ' (pid ' + esc(P.pid[best] ?? 'main') +
      ')<div class="cmd">' + esc(P.command[best]) + '</div>';
  }
  const i = s.i;
  const extra = (P.hwm[i] !== null ? ' \u00b7 kernel HWM ' + P.text.hwm[i] : '') +
    (P.heapUsed[i] !== null ? ' \u00b7 heap used ' + P.text.heapUsed[i] : '') +
    (P.atPeak[i] === 1 ? ' \u00b7 alive at the peak' : '');
  const parent = P.ppid[i] === null ? 'parent not recorded' : 'parent ' + P.ppid[i];
  return '<b>' + esc(label(i)) + '</b> \u00b7 ' + parent + ' \u00b7 ' + P.text.start[i] + ' \u2013 ' +
    P.text.end[i] + ' \u00b7 peak ' + P.text.peak[i] + extra + '<div class="cmd">' + esc(P.command[i]) + '</div>';
}
function curvePoints(s) {
  if (!s) return [];
  let members = s.i !== undefined ? [s.i] : s.g.slice().sort((a, b) => P.peak[b] - P.peak[a]).slice(0, MOST_CURVES);
  const points = [];
  for (const m of members) {
    const c = P.curve[m];
    for (let k = 0; k < c.length; k += 2) points.push({ t: c[k], v: c[k + 1] });
    points.push({ t: null, v: null });
  }
  return points;
}
let shown = undefined;
function applySelection() {
  const s = hovered || pinned;
  if (s === shown) return;
  shown = s;
  $('detail').innerHTML = describe(s);
  $('detail').dataset.pid = s && s.i !== undefined ? String(P.pid[s.i] ?? 'main') : '';
  drawTimeline();
  drawTable();
  drawSelected(curvePoints(s));
}
function sameSelection(a, b) {
  return a === b || (a !== null && b !== null && a.i === b.i && a.g === b.g);
}
function hover(s) {
  if (sameSelection(s, hovered)) return;
  hovered = s;
  applySelection();
}
function timelineTarget(event) {
  const el = event.target.closest('.row');
  if (!el) return null;
  const r = rows[Number(el.dataset.k)];
  if (!r.g) return { i: r.i };
  const track = el.querySelector('.trk').getBoundingClientRect();
  if (event.clientX < track.left) return { g: r.g };
  const t = xs.invert(event.clientX - track.left);
  const pad = xs.invert(3) - xs.invert(0);
  let best = null;
  for (const m of r.g) {
    if (P.start[m] - pad <= t && t <= P.end[m] + pad && (best === null || P.peak[m] > P.peak[best])) best = m;
  }
  return best === null ? { g: r.g } : { i: best, g: r.g };
}
const tl = $('tl-inner');
tl.addEventListener('mousemove', (e) => hover(timelineTarget(e)));
tl.addEventListener('mouseleave', () => hover(null));
tl.addEventListener('click', (e) => {
  const target = timelineTarget(e);
  if (!target) return;
  const r = rows[Number(e.target.closest('.row').dataset.k)];
  if (r.g && e.target.closest('.lab')) {
    if (expanded.has(r.key)) expanded.delete(r.key);
    else expanded.add(r.key);
    buildRows();
    redraw();
    return;
  }
  pinned = sameSelection(target, pinned) ? null : target;
  applySelection();
});
const tb = $('tb-inner');
tb.addEventListener('mousemove', (e) => {
  const el = e.target.closest('.tr');
  hover(el ? { i: Number(el.dataset.i) } : null);
});
tb.addEventListener('mouseleave', () => hover(null));
tb.addEventListener('click', (e) => {
  const el = e.target.closest('.tr');
  if (!el) return;
  const target = { i: Number(el.dataset.i) };
  pinned = sameSelection(target, pinned) ? null : target;
  applySelection();
});
$('tb-head').addEventListener('click', (e) => {
  const el = e.target.closest('span[data-key]');
  if (!el) return;
  const key = el.dataset.key;
  sort = sort.key === key ? { key, desc: !sort.desc } : { key, desc: DESCENDING.has(key) };
  drawHead();
  buildOrder();
  $('tb-view').scrollTop = 0;
  redraw();
});
let frame = 0;
function onScroll(draw) {
  return () => { if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); }); };
}
$('tl-view').addEventListener('scroll', onScroll(drawTimeline));
$('tb-view').addEventListener('scroll', onScroll(drawTable));
$('search').addEventListener('input', (e) => {
  query = e.target.value.trim().toLowerCase();
  buildRows();
  buildOrder();
  redraw();
});
$('grouped').checked = grouped;
$('grouped').addEventListener('change', (e) => {
  grouped = e.target.checked;
  buildRows();
  redraw();
});
document.body.style.setProperty('--columns', COLUMNS.map((c) => c.width).join(' '));
function onChartLaidOut() {
  xs = view.scale('x');
  plotWidth = view.width();
  document.body.style.setProperty('--label', labelWidth + 'px');
  document.body.style.setProperty('--track', plotWidth + 'px');
  redraw();
}
drawHead();
buildRows();
buildOrder();
$('detail').innerHTML = describe(null);
`;
