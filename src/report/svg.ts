import type { TopLevelSpec } from 'vega-lite';
import { importPackage } from '../import-package.js';
import { vegaTextWidth } from './text-width.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

/**
 * Render a vega-lite spec to an SVG string, headless (vega estimates text widths; no canvas needed).
 * vega and vega-lite are imported here, on first use, so only `plot` pays for loading them (they are large).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([importPackage<Vega>('vega'), importPackage<VegaLite>('vega-lite')]);
  const compiled = vegaLite.compile(spec).spec;
  // Exported by vega-scenegraph at run time but missing from vega's typings.
  (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = vegaTextWidth;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Compile a vega-lite spec to a plain vega spec (what the HTML page embeds: vega runtime only). */
export async function compileToVega(spec: TopLevelSpec): Promise<object> {
  const vegaLite = await importPackage<VegaLite>('vega-lite');
  return vegaLite.compile(spec).spec;
}
