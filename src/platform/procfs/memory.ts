import type { Metric } from '../../format/types.js';
import { detectPageSize, readProcText, STATM_RESIDENT } from './files.js';
import { parseKbField } from './parse.js';

/** The file a metric is read from: RSS and VmHWM both come from status; PSS/USS from smaps_rollup. */
export function metricFile(pid: number, metric: Metric): string | null {
  return metric === 'rss' ? null : `/proc/${pid}/smaps_rollup`;
}

/** PSS, or USS (private clean + private dirty), from smaps_rollup; null when it holds neither. */
export function smapsValue(text: string, metric: Metric): number | null {
  if (metric === 'pss') return parseKbField(text, 'Pss');
  const clean = parseKbField(text, 'Private_Clean');
  const dirty = parseKbField(text, 'Private_Dirty');
  return clean === null || dirty === null ? null : clean + dirty;
}

/**
 * One reading of a process's metric, by path: for the instant a command has just been started, when a
 * command that lasts a millisecond may be gone before the first tick. null when it cannot be read.
 */
export function readMemoryOnce(pid: number, metric: Metric): number | null {
  if (metric !== 'rss') {
    const text = readProcText(metricFile(pid, metric)!);
    return text === null ? null : smapsValue(text, metric);
  }
  const pages = Number((readProcText(`/proc/${pid}/statm`) ?? '').split(' ')[STATM_RESIDENT]);
  return Number.isFinite(pages) && pages > 0 ? pages * detectPageSize() : null;
}
