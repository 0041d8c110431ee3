import type { Series } from '../format/types.js';

export interface Peak {
  bytes: number;
  /** Epoch seconds of the (first) sample at the peak. */
  time: number;
  index: number;
}

/** The largest value of a series and when it first occurred; null for an empty series. */
export function peakOf(series: Series): Peak | null {
  let index = -1;
  let bytes = -Infinity;
  for (let i = 0; i < series.v.length; i++) {
    if (series.v[i]! > bytes) {
      bytes = series.v[i]!;
      index = i;
    }
  }
  return index < 0 ? null : { bytes, time: series.t[index]!, index };
}
