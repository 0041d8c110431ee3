import type { ChartData } from './chart-data.js';
import { textWidth } from './text-width.js';

/** The chart's size and its legend's, from the legend's entries (see chartLayout). */
export interface ChartLayout {
  /** The plot area, in pixels. */
  width: number;
  height: number;
  /** The legend: columns of entries, each label cut at `labelLimit` pixels. */
  columns: number;
  labelLimit: number;
  /** The legend's estimated width in pixels, columns and title included. */
  legendWidth: number;
}

export const PLOT_HEIGHT = 380;
/** The plot area's width bounds: never narrower than a chart that can be read, nor wider than a screen needs. */
export const MIN_PLOT_WIDTH = 760;
export const MAX_PLOT_WIDTH = 1100;
/** The whole image's width aimed at: the plot takes what the legend leaves of it. */
const TARGET_WIDTH = 1440;
const LABEL_FONT = 11;
/** A label's longest cut, as vega-lite's labelLimit: about 90 characters. */
const MAX_LABEL = 520;
/** One legend row's height (an 11 px label and its padding) and a column's symbol and gaps. */
const ROW = 16;
const COLUMN_EXTRA = 36;

/**
 * The plot and legend sizes for these entries: labels as wide as the longest (to MAX_LABEL), as many
 * columns as needed for every entry to fit beside the plot's height, and the plot as wide as what the
 * legend leaves of TARGET_WIDTH, within MIN_PLOT_WIDTH and MAX_PLOT_WIDTH.
 */
export function chartLayout(data: ChartData, legendTitle: string): ChartLayout {
  const labels = data.colours.domain;
  const longest = labels.reduce((w, l) => Math.max(w, textWidth(l, LABEL_FONT)), 0);
  const labelLimit = Math.ceil(Math.min(MAX_LABEL, longest + 2));
  const perColumn = Math.max(1, Math.floor(PLOT_HEIGHT / ROW) - 2);
  const columns = Math.max(1, Math.ceil(labels.length / perColumn));
  const title = textWidth(legendTitle, LABEL_FONT);
  const legendWidth = Math.ceil(Math.max(columns * (labelLimit + COLUMN_EXTRA), Math.min(title, MAX_LABEL) + 8));
  const width = Math.round(Math.min(MAX_PLOT_WIDTH, Math.max(MIN_PLOT_WIDTH, TARGET_WIDTH - legendWidth - 60)));
  return { width, height: PLOT_HEIGHT, columns, labelLimit, legendWidth };
}
