// The chart's geometry and colours, shared by its frame and its panels.

/** Series colours, in the order of the result's modes (the chart's test looks for them in the pixels). */
export const CHART_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'] as const;

/** The panel rows: which latency each row plots. */
export const CHART_METRICS = [
  { key: 'totalMs', title: 'total time' },
  { key: 'ttfbMs', title: 'time to first audio' },
] as const;

/** One panel: its plot area and the room around it for the title, tick labels and axis title. */
export const PANEL = { width: 270, height: 180, left: 62, top: 36, bottom: 48, right: 18 };
/** A panel with its surroundings. */
export const BOX = { width: PANEL.left + PANEL.width + PANEL.right, height: PANEL.top + PANEL.height + PANEL.bottom };
/** Height of the title block. */
export const HEADER = 84;
/** Height of the legend row. */
export const LEGEND = 44;
/** Outer margin. */
export const MARGIN = 16;

/** The chart's size in pixels for a number of texts (one column each). */
export function chartSize(texts: number): { width: number; height: number } {
  // At least 720 wide: the header and legend need the room even with one text.
  return { width: Math.max(720, 2 * MARGIN + Math.max(1, texts) * BOX.width), height: HEADER + CHART_METRICS.length * BOX.height + LEGEND };
}

/** The colour of a mode's series. */
export function seriesColor(modes: readonly string[], mode: string): string {
  return CHART_COLORS[Math.max(0, modes.indexOf(mode)) % CHART_COLORS.length] ?? '#000000';
}
