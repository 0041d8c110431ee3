import type { Metric } from '../format/types.js';
import { formatBytes } from '../units.js';

/**
 * The upper end of the total's peak bracket, in words. Samples can miss a spike between them; the kernel's
 * per-process high-water marks cannot, but they need not coincide, so their sum bounds the peak from above.
 */
export function boundPhrase(upperBytes: number | null, metric: Metric): string | null {
  if (upperBytes === null) return null;
  const rss = metric === 'rss' ? '' : ' RSS';
  return `${formatBytes(upperBytes)} (sum of the kernel's${rss} high-water marks of processes alive together)`;
}

/** The same bracket's upper end in a few words, for the one-line `run` summary. */
export function boundShort(upperBytes: number | null, metric: Metric): string | null {
  if (upperBytes === null) return null;
  return `≤ ${formatBytes(upperBytes)} by kernel${metric === 'rss' ? '' : ' RSS'} high-water marks`;
}
