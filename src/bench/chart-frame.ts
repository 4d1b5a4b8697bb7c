// The chart's frame: the title lines (saying "contract double" when it is one) and the legend.
import { xmlEscape } from './chart-scale.js';
import { LEGEND, MARGIN, seriesColor } from './chart-layout.js';
import { DOUBLE_TIMING_DEFAULTS } from './facts.js';
import type { BenchResult } from './schema.js';

/** The title, the run's facts and, for the double, its knobs. */
export function chartHeader(result: BenchResult, width: number): string {
  const env = result.environment;
  const load = `load average ${env.loadAverage.start[0]?.toFixed(1) ?? '?'} to ${env.loadAverage.end[0]?.toFixed(1) ?? '?'}`;
  const facts = `${env.cores} cores, ${env.cpuModel}, Node ${env.node}, ${load}; ${result.config.runs} round(s) of N concurrent requests per point; ${result.startedAt.slice(0, 10)}`;
  const lines = [
    `<text x="${MARGIN}" y="28" font-size="18" font-weight="bold" fill="#111111">${xmlEscape(`Latency by concurrency: ${result.target.label}`)}</text>`,
    `<text x="${MARGIN}" y="50" font-size="12" fill="#444444">${xmlEscape(facts)}</text>`,
  ];
  if (result.target.double === true) {
    // The timing knobs only: the line must fit; bench.md and bench.json list every knob.
    const knobs = Object.entries(result.target.knobs).filter(([name]) => name in DOUBLE_TIMING_DEFAULTS).map(([name, value]) => `${name}=${value}`).join(' ');
    lines.push(`<text x="${MARGIN}" y="70" font-size="12" font-weight="bold" fill="#8a4b00" data-double="true">${xmlEscape(`Contract double (synthetic timings, not real speech): ${knobs}`)}</text>`);
  }
  return `<g data-part="header" data-width="${width}">\n${lines.join('\n')}\n</g>`;
}

/** One line sample per mode, then the median and p95 line styles. */
export function chartLegend(result: BenchResult, height: number): string {
  const y = height - LEGEND / 2;
  const modes = result.config.modes.map((mode, i) => {
    const x = MARGIN + i * 150;
    return `<line x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}" stroke="${seriesColor(result.config.modes, mode)}" stroke-width="4"/><text x="${x + 36}" y="${y + 4}" font-size="12" fill="#222222">${xmlEscape(`${mode} mode`)}</text>`;
  });
  const x = MARGIN + result.config.modes.length * 150 + 20;
  const styles = [
    `<line x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}" stroke="#333333" stroke-width="2.5"/><text x="${x + 36}" y="${y + 4}" font-size="12" fill="#222222">median (p50)</text>`,
    `<line x1="${x + 150}" x2="${x + 178}" y1="${y}" y2="${y}" stroke="#333333" stroke-width="2.5" stroke-dasharray="7 4"/><text x="${x + 186}" y="${y + 4}" font-size="12" fill="#222222">95th percentile (nearest rank)</text>`,
  ];
  return `<g data-part="legend">\n${[...modes, ...styles].join('\n')}\n</g>`;
}
