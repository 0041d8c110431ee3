/** How a bucket's pieces meet the buckets around it, and whether it holds the line's first or last point. */
export interface SharedBucketEnds {
  /** The first piece continues a stretch from an earlier bucket. */
  entering: boolean;
  /** The last piece continues into a later bucket. */
  leaving: boolean;
  /** The first piece begins the line. */
  lineFirst: boolean;
  /** The last piece ends the line. */
  lineLast: boolean;
}

/** A kept point: its index, and which piece (stretch) of the bucket it belongs to. */
export interface KeptPoint {
  index: number;
  piece: number;
}

/** The first lowest and the first highest value in v[from, to). */
function extremes(v: number[], from: number, to: number): [number, number] {
  let lo = from;
  let hi = from;
  for (let i = from + 1; i < to; i++) {
    if (v[i]! < v[lo]!) lo = i;
    if (v[i]! > v[hi]!) hi = i;
  }
  return [lo, hi];
}

/**
 * The points kept of one bucket that two or more stretches share, `starts` being where each one's piece
 * begins (the first at the bucket's first point) and `end` where the last ends. Each piece keeps its lowest
 * and highest point, and the first and last point of its stretch that fall here, as if its stretch were long
 * enough to be reduced. Pieces that begin and end here, two or more, are reduced together: to their lowest and
 * highest point, and the line's first and last. In time order; the same points again when given them.
 */
export function keptOfSharedBucket(v: number[], starts: number[], end: number, ends: SharedBucketEnds): KeptPoint[] {
  const pieces = starts.length;
  const endOf = (q: number): number => (q + 1 < pieces ? starts[q + 1]! : end);
  const inside = (q: number): boolean => !(q === 0 && ends.entering) && !(q === pieces - 1 && ends.leaving);
  const first = inside(0) ? 0 : 1;
  const last = inside(pieces - 1) ? pieces - 1 : pieces - 2;
  const crowd = last - first >= 1;
  const kept = new Map<number, number>();
  for (let q = 0; q < pieces; q++) {
    if (crowd && inside(q)) continue;
    const [lo, hi] = extremes(v, starts[q]!, endOf(q));
    if (!(q === 0 && ends.entering)) kept.set(starts[q]!, q);
    kept.set(lo, q).set(hi, q);
    if (!(q === pieces - 1 && ends.leaving)) kept.set(endOf(q) - 1, q);
  }
  if (crowd) {
    const pieceOf = (i: number): number => {
      let q = last;
      while (starts[q]! > i) q--;
      return q;
    };
    const [lo, hi] = extremes(v, starts[first]!, endOf(last));
    kept.set(lo, pieceOf(lo)).set(hi, pieceOf(hi));
    if (ends.lineFirst) kept.set(starts[0]!, 0);
    if (ends.lineLast) kept.set(end - 1, pieces - 1);
  }
  return [...kept].map(([index, piece]) => ({ index, piece })).sort((a, b) => a.index - b.index);
}
