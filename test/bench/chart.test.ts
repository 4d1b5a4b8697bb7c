import { describe, expect, it } from 'vitest';
import { CHART_COLORS, chartSize, renderChart } from '../../src/bench/index.js';
import { chartSeries, countColour, renderSvg, svgSize } from './image.js';
import { syntheticResult } from './support.js';

describe('bench.svg', () => {
  it('renders as an image of its declared size with one colour per mode', () => {
    const result = syntheticResult();
    const svg = renderChart(result);
    const image = renderSvg(svg);
    expect({ width: image.width, height: image.height }).toEqual(chartSize(3));
    expect(svgSize(svg)).toEqual(chartSize(3));
    // Series colours are drawn (lines and filled points), and no third series colour is.
    expect(countColour(image.pixels, CHART_COLORS[0])).toBeGreaterThan(500);
    expect(countColour(image.pixels, CHART_COLORS[1])).toBeGreaterThan(500);
    expect(countColour(image.pixels, CHART_COLORS[2])).toBe(0);
  });

  it('has a p50 and a p95 series per mode, metric and text, with a point per concurrency level', () => {
    const result = syntheticResult();
    const series = chartSeries(renderChart(result));
    expect(series).toHaveLength(2 * 2 * 2 * 3);
    const cliTotal = series.find((s) => s.series === 'cli' && s.stat === 'p50' && s.metric === 'totalMs' && s.text === 'long');
    expect(cliTotal?.points).toEqual([
      { concurrency: 1, value: 2000 },
      { concurrency: 2, value: 4000 },
      { concurrency: 4, value: 8000 },
    ]);
    const serverTtfbP95 = series.find((s) => s.series === 'server' && s.stat === 'p95' && s.metric === 'ttfbMs' && s.text === 'short');
    expect(serverTtfbP95?.points.map((p) => p.value)).toEqual([37.5, 75, 150]);
  });

  it('says "contract double" and its knobs in the title only for the double', () => {
    expect(renderChart(syntheticResult())).toMatch(/contract double[^<]*LOAD_MS=50 FRAME_MS=2/i);
    expect(renderChart(syntheticResult({ double: false }))).not.toContain('contract double');
  });

  it('leaves out the points of cells without a successful request, and stays renderable with one text', () => {
    const result = syntheticResult({ modes: ['cli'], concurrency: [1, 2], texts: ['short'] });
    const failed = result.cells[1];
    if (failed === undefined) throw new Error('no cell');
    Object.assign(failed, { failures: 4, errors: { TIMEOUT: 4 }, totalMs: null, ttfbMs: null, rtf: null, audioMs: null });
    const svg = renderChart(result);
    const total = chartSeries(svg).find((s) => s.stat === 'p50' && s.metric === 'totalMs');
    expect(total?.points).toEqual([{ concurrency: 1, value: 200 }]);
    expect(renderSvg(svg).width).toBe(720);
  });

  it('escapes text that is not XML-safe', () => {
    const result = syntheticResult({ modes: ['a<b&c'], concurrency: [1], texts: ['short'] });
    const svg = renderChart(result);
    expect(svg).toContain('data-series="a&lt;b&amp;c"');
    expect(() => renderSvg(svg)).not.toThrow();
  });
});
