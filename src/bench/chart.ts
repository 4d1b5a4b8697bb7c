// bench.svg: latency percentiles by concurrency level, one series per mode, a panel per metric and text.
// Hand-written SVG (no browser): every series group and point carries data-* attributes for tests and tools.
import { formatMs, niceTicks, xmlEscape } from './chart-scale.js';
import { chartHeader, chartLegend } from './chart-frame.js';
import { BOX, CHART_METRICS, HEADER, MARGIN, PANEL, chartSize, seriesColor } from './chart-layout.js';
import type { BenchCell, BenchResult } from './schema.js';

/** The two statistics drawn per series: median solid, p95 dashed. */
export const CHART_STATS = [
  { key: 'median', label: 'p50', dash: null },
  { key: 'p95', label: 'p95', dash: '7 4' },
] as const;

type Metric = (typeof CHART_METRICS)[number];

/** Renders the result as a standalone SVG document. */
export function renderChart(result: BenchResult): string {
  const { width, height } = chartSize(result.config.texts.length);
  const panels = CHART_METRICS.flatMap((metric, row) =>
    result.config.texts.map((text, column) => panel(result, metric, text, MARGIN + column * BOX.width, HEADER + row * BOX.height)),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" data-chart="bench-latency">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    chartHeader(result, width),
    ...panels,
    chartLegend(result, height),
    '</svg>',
    '',
  ].join('\n');
}

function panel(result: BenchResult, metric: Metric, text: string, x0: number, y0: number): string {
  const cells = result.cells.filter((cell) => cell.text === text);
  const top = niceTicks(Math.max(0, ...cells.flatMap((cell) => [cell[metric.key]?.p95 ?? 0, cell[metric.key]?.median ?? 0])), 4);
  const max = top.at(-1) ?? 1;
  const area = { x: x0 + PANEL.left, y: y0 + PANEL.top, w: PANEL.width, h: PANEL.height };
  const levels = result.config.concurrency;
  const xAt = (index: number): number => area.x + ((index + 0.5) * area.w) / levels.length;
  const yAt = (value: number): number => area.y + area.h - (value / max) * area.h;
  const chars = result.samples.texts.find((sample) => sample.id === text)?.chars;
  const parts = [
    `<text x="${area.x + area.w / 2}" y="${y0 + 22}" font-size="13" font-weight="bold" text-anchor="middle" fill="#222222">${xmlEscape(`${metric.title}, ${text} text${chars === undefined ? '' : ` (${chars} chars)`}`)}</text>`,
    ...top.map((tick) => `<line x1="${area.x}" x2="${area.x + area.w}" y1="${yAt(tick)}" y2="${yAt(tick)}" stroke="#e3e3e3"/><text x="${area.x - 6}" y="${yAt(tick) + 4}" font-size="10" text-anchor="end" fill="#444444">${formatMs(tick, max)}</text>`),
    `<rect x="${area.x}" y="${area.y}" width="${area.w}" height="${area.h}" fill="none" stroke="#9a9a9a"/>`,
    ...levels.map((level, i) => `<text x="${xAt(i)}" y="${area.y + area.h + 16}" font-size="11" text-anchor="middle" fill="#444444">${level}</text>`),
    `<text x="${area.x + area.w / 2}" y="${area.y + area.h + 36}" font-size="11" text-anchor="middle" fill="#444444">concurrent requests</text>`,
    ...result.config.modes.flatMap((mode) => CHART_STATS.map((stat) => series(result, cells, { mode, stat, metric, text }, xAt, yAt))),
  ];
  return `<g data-panel="${metric.key}/${xmlEscape(text)}" data-max="${max}">\n${parts.join('\n')}\n</g>`;
}

interface SeriesKey {
  mode: string;
  stat: (typeof CHART_STATS)[number];
  metric: Metric;
  text: string;
}

function series(result: BenchResult, cells: readonly BenchCell[], key: SeriesKey, xAt: (i: number) => number, yAt: (v: number) => number): string {
  const colour = seriesColor(result.config.modes, key.mode);
  const points = result.config.concurrency.flatMap((level, i) => {
    const value = cells.find((cell) => cell.mode === key.mode && cell.concurrency === level)?.[key.metric.key]?.[key.stat.key];
    return value === undefined ? [] : [{ level, value, x: xAt(i), y: yAt(value) }];
  });
  const line = `<polyline points="${points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}" fill="none" stroke-width="2.5"${key.stat.dash === null ? '' : ` stroke-dasharray="${key.stat.dash}"`}/>`;
  const dots = points.map(
    (p) =>
      `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="4.5" stroke-width="2" fill="${key.stat.dash === null ? colour : '#ffffff'}" data-concurrency="${p.level}" data-value="${p.value.toFixed(1)}"><title>${xmlEscape(`${key.mode}, ${p.level} concurrent, ${key.text}: ${key.metric.title} ${key.stat.label} ${formatMs(p.value)}`)}</title></circle>`,
  );
  const attributes = `data-series="${xmlEscape(key.mode)}" data-stat="${key.stat.label}" data-metric="${key.metric.key}" data-text="${xmlEscape(key.text)}"`;
  return `<g ${attributes} stroke="${colour}">\n${[line, ...dots].join('\n')}\n</g>`;
}

