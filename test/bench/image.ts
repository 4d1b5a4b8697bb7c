// Opens a chart as an image: renders the SVG to PNG with resvg (a real SVG renderer, no browser), reads
// the PNG's own header for its size, and counts pixels of a colour.
import { Resvg } from '@resvg/resvg-js';

/** A rendered chart: the PNG file's bytes, its size from its IHDR chunk, and its RGBA pixels. */
export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
  pixels: Buffer;
}

/** Renders `svg` at its own size (system fonts for the labels). */
export function renderSvg(svg: string): RenderedChart {
  const image = new Resvg(svg, { font: { loadSystemFonts: true }, background: '#ffffff' }).render();
  const png = image.asPng();
  if (png.subarray(1, 4).toString('latin1') !== 'PNG' || png.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('not a PNG');
  return { png, width: png.readUInt32BE(16), height: png.readUInt32BE(20), pixels: image.pixels };
}

/** Pixels whose RGB is within `tolerance` of `hex` on every channel. */
export function countColour(pixels: Buffer, hex: string, tolerance = 10): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let count = 0;
  for (let i = 0; i + 3 < pixels.length; i += 4) {
    if (Math.abs((pixels[i] ?? 0) - r) <= tolerance && Math.abs((pixels[i + 1] ?? 0) - g) <= tolerance && Math.abs((pixels[i + 2] ?? 0) - b) <= tolerance) count += 1;
  }
  return count;
}

/** One series group of the chart with its points, from the SVG's data-* attributes. */
export interface ChartSeries {
  series: string;
  stat: string;
  metric: string;
  text: string;
  points: { concurrency: number; value: number }[];
}

/** Every series group of a chart. */
export function chartSeries(svg: string): ChartSeries[] {
  const groups = svg.matchAll(/<g data-series="([^"]+)" data-stat="([^"]+)" data-metric="([^"]+)" data-text="([^"]+)"[^>]*>([\s\S]*?)<\/g>/g);
  return [...groups].map(([, series = '', stat = '', metric = '', text = '', body = '']) => ({
    series,
    stat,
    metric,
    text,
    points: [...body.matchAll(/data-concurrency="(\d+)" data-value="([\d.]+)"/g)].map(([, c, v]) => ({ concurrency: Number(c), value: Number(v) })),
  }));
}

/** The `width` and `height` attributes of the root `<svg>`. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg [^>]*>/.exec(svg)?.[0] ?? '';
  return { width: Number(/ width="(\d+)"/.exec(root)?.[1]), height: Number(/ height="(\d+)"/.exec(root)?.[1]) };
}
