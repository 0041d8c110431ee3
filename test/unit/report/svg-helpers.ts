// Golden-free SVG checks: well-formed XML and the parts of vega's output the plot tests look at.

const NAME = '[A-Za-z_][\\w:.-]*';
const TAG = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
const SPECIAL = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>/y;
const BAD_AMP = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/** Throws unless `text` is one well-formed XML element tree; returns the root's name and the element count. */
export function parseXml(text: string): { root: string; elements: number } {
  const stack: string[] = [];
  let root: string | null = null;
  let elements = 0;
  let i = text.indexOf('<');
  if (text.slice(0, Math.max(i, 0)).trim() !== '') throw new Error('text before the root element');
  while (i >= 0 && i < text.length) {
    SPECIAL.lastIndex = i;
    TAG.lastIndex = i;
    let end: number;
    const special = SPECIAL.exec(text);
    if (special) end = SPECIAL.lastIndex;
    else {
      const tag = TAG.exec(text);
      if (!tag) throw new Error(`malformed tag at ${i}: ${text.slice(i, i + 60)}`);
      end = TAG.lastIndex;
      const [, closing, name, attrs, selfClosing] = tag;
      checkAttributes(attrs!, i);
      if (closing) {
        if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element at ${i}`);
      } else {
        if (stack.length === 0 && root !== null) throw new Error('a second root element');
        root ??= name!;
        elements++;
        if (!selfClosing) stack.push(name!);
      }
    }
    const next = text.indexOf('<', end);
    const between = text.slice(end, next < 0 ? text.length : next);
    if (BAD_AMP.test(between)) throw new Error(`unescaped & at ${end}`);
    if (stack.length === 0 && between.trim() !== '') throw new Error('text after the root element');
    i = next;
  }
  if (stack.length > 0 || root === null) throw new Error(`unclosed elements: ${stack.join(' > ')}`);
  return { root, elements };
}

function checkAttributes(attrs: string, at: number): void {
  const names = [...attrs.matchAll(new RegExp(`(${NAME})\\s*=`, 'g'))].map((m) => m[1]);
  if (new Set(names).size !== names.length) throw new Error(`duplicate attribute at ${at}`);
  if (BAD_AMP.test(attrs)) throw new Error(`unescaped & in attributes at ${at}`);
}

export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of every <text> element inside groups of the given vega role, e.g. `legend-label`. */
export function textsOfRole(svg: string, role: string): string[] {
  const out: string[] = [];
  const group = new RegExp(`<g class="mark-text role-${role}[^"]*"[^>]*>([\\s\\S]*?)</g>`, 'g');
  for (const g of svg.matchAll(group)) {
    for (const t of g[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(unescapeXml(t[1]!));
  }
  return out;
}

/** Every line mark's path: its stroke colour, width and the points of its `d`. */
export function linePaths(svg: string): Array<{ stroke: string; width: number; points: Array<[number, number]> }> {
  return [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*>/g)].map((m) => {
    const tag = m[0];
    const d = /\sd="([^"]*)"/.exec(tag)?.[1] ?? '';
    const points = [...d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g)].map(
      (p) => [Number(p[1]), Number(p[2])] as [number, number],
    );
    return {
      stroke: /stroke="([^"]*)"/.exec(tag)?.[1] ?? '',
      width: Number(/stroke-width="([^"]*)"/.exec(tag)?.[1] ?? 'NaN'),
      points,
    };
  });
}

/** The centres of every circle of the given fill (vega draws a circle mark as a path moved to its centre). */
export function dotsOf(svg: string, fill: string): Array<[number, number]> {
  const circles = svg.matchAll(/<path[^>]*aria-roledescription="circle"[^>]*>/g);
  return [...circles]
    .filter((m) => m[0].includes(`fill="${fill}"`))
    .map((m) => {
      const [, x, y] = /transform="translate\((-?[\d.e+-]+),(-?[\d.e+-]+)\)"/.exec(m[0]) ?? [];
      return [Number(x), Number(y)] as [number, number];
    });
}
