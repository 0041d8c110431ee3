import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml, withSelectionLayer } from '../../../src/report/html.js';
import { timelineData } from '../../../src/report/timeline-data.js';

const timeline = timelineData([]);

const vegaSpec = { title: 'a </script><script>alert(1)</script> title', marks: [] };

test('the page is self-contained: the runtime and the spec inline, nothing fetched', () => {
  const html = renderHtml({
    title: 'x < y',
    vegaSpec,
    vegaRuntime: 'window.vega = { marker: "RUNTIME" };',
    timeline,
    points: 0,
    besidePlot: { width: 0, height: 0 },
  });
  assert.match(html, /RUNTIME/);
  assert.doesNotMatch(html, /\s(src|href)=/i, 'no external script, stylesheet or link');
  assert.match(html, /<title>x &lt; y<\/title>/);
});

test('text inside the scripts cannot close them early, and the spec survives intact', () => {
  const html = renderHtml({
    title: 't',
    vegaSpec,
    vegaRuntime: 'var s = "</script>";',
    timeline,
    points: 0,
    besidePlot: { width: 0, height: 0 },
  });
  const scripts = html.match(/<script>[\s\S]*?<\/script>/g)!;
  assert.equal(scripts.length, 2);
  const json = /const SPEC = (.*);\n/.exec(scripts[1]!)![1]!;
  assert.deepEqual(JSON.parse(json.replace(/<\\\//g, '</')), withSelectionLayer(vegaSpec));
});

test("hover shows a tooltip built from the point's fields (pid, command, value, time)", () => {
  const html = renderHtml({
    title: 't',
    vegaSpec,
    vegaRuntime: '',
    timeline,
    points: 0,
    besidePlot: { width: 0, height: 0 },
  });
  assert.match(html, /view\.tooltip\(showTip\)/);
  assert.match(html, /hover: true/);
});
