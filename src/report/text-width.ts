// vega without a canvas guesses every character at 0.8 em, so legends reserve about a third more room
// than the text takes and cut labels short. These are DejaVu Sans advance widths (em), the font the
// chart asks for first, which is close enough for Verdana and Arial too.
const NARROW = " .,:;'|!ijlI()[]{}/\\`·";
const WIDTHS: Record<string, number> = {
  f: 0.35,
  r: 0.41,
  t: 0.39,
  s: 0.52,
  c: 0.55,
  z: 0.53,
  k: 0.58,
  v: 0.59,
  x: 0.59,
  y: 0.59,
  m: 0.97,
  w: 0.82,
  M: 0.86,
  W: 0.99,
  '-': 0.36,
  _: 0.5,
  '"': 0.46,
  '#': 0.84,
  '%': 0.95,
  '…': 1,
  '−': 0.84,
};

function charWidth(ch: string): number {
  const known = WIDTHS[ch];
  if (known !== undefined) return known;
  if (NARROW.includes(ch)) return 0.32;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  return 0.63;
}

/** Estimated width in pixels of `text` at `fontSize`, bold a little wider. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return em * fontSize * (bold ? 1.08 : 1);
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

/**
 * A `textMetrics.width` for vega-scenegraph. vega truncates labels to `limit` by calling this with
 * shorter and shorter text, so the width is capped at the limit rather than truncating here.
 */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  const w = textWidth(text == null ? '' : String(text).trim(), size, bold);
  return item.limit !== undefined && item.limit > 0 ? Math.min(w, item.limit) : w;
}
