// The CI configuration of the harness: `pocket-tts-runtime bench` against the installed contract double with
// small knobs, both modes, two concurrency levels, two rounds. Asserts outputs and formats, never timings.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchResultSchema, chartSize, CHART_COLORS, type BenchResult } from '../../src/bench/index.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';
import { chartSeries, countColour, renderSvg } from './image.js';

// Small but not trivial: the long text still has ~350 frames, WAV voices still cost an encode.
const KNOBS = { POCKET_TTS_DOUBLE_LOAD_MS: '50', POCKET_TTS_DOUBLE_FRAME_MS: '1', POCKET_TTS_DOUBLE_MS_PER_CHAR: '20', POCKET_TTS_DOUBLE_ENCODE_MS: '20' };

describe('pocket-tts-runtime bench (contract double, CI configuration)', () => {
  let root: string;
  let out: string;
  let run: Awaited<ReturnType<typeof runCli>>;
  let result: BenchResult;

  beforeAll(async () => {
    root = await tempDir('ptr-bench-');
    out = join(root, 'out');
    const args = ['bench', '--executable', fixtures().doubleBin, '--home', join(root, 'home'), '--mode', 'cli,server', '--concurrency', '1,2', '--runs', '2', '--out', out];
    run = await runCli(args, { env: KNOBS, cwd: root });
    result = benchResultSchema.parse(JSON.parse(await readFile(join(out, 'bench.json'), 'utf8')));
  }, 120_000);

  it('finishes, reports progress and names the three outputs', () => {
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(run.stdout).toContain('pocket-tts 2.1.0+double (contract double): 12 cells in');
    for (const name of ['bench.json', 'bench.md', 'bench.svg']) expect(run.stdout).toContain(`wrote ${join(out, name)}`);
    expect(run.stderr).toMatch(/^server x2 long: 4\/4 ok, ttfb p50 \d+ ms, total p50 \d+ ms p95 \d+ ms, RTF [\d.]+x, [\d.]+ req\/s$/m);
  });

  it('writes a bench.json that validates, with every cell measured and the double recorded', () => {
    expect(result.target).toMatchObject({ double: true, knobs: { LOAD_MS: '50', FRAME_MS: '1', MS_PER_CHAR: '20', ENCODE_MS: '20' } });
    expect(result.target.versions.pocketTts).toBe('2.1.0+double');
    expect(result.config).toMatchObject({ modes: ['cli', 'server'], concurrency: [1, 2], runs: 2, texts: ['short', 'medium', 'long'], voices: ['default', 'synth-low', 'synth-high'] });
    expect(result.engines.map((e) => `${e.mode}x${e.concurrency}`)).toEqual(['clix1', 'clix2', 'serverx1', 'serverx2']);
    expect(result.cells).toHaveLength(12);
    for (const cell of result.cells) {
      expect(cell).toMatchObject({ requests: 2 * cell.concurrency, failures: 0 });
      expect(cell.totalMs?.n).toBe(2 * cell.concurrency);
      expect(cell.ttfbMs?.median).toBeLessThanOrEqual(cell.totalMs?.median ?? 0);
      expect(cell.rtf?.median).toBeGreaterThan(0);
      expect(cell.usage.cpuMs).toBeGreaterThan(0);
      expect(cell.usage.peakRssBytes).toBeGreaterThan(0);
      expect(cell.usage.peakProcesses).toBeLessThanOrEqual(cell.concurrency);
    }
  });

  it('writes a bench.md with the requests and engines tables', async () => {
    const markdown = await readFile(join(out, 'bench.md'), 'utf8');
    expect(markdown).toContain('> **Measured with the contract double**');
    expect(markdown).toContain('| mode | conc | text | ok | TTFB p50 | TTFB p95 | total p50 | total p95 | total min-max | RTF p50 | req/s | CPU | CPU / audio s | peak RSS | procs |');
    expect(markdown).toMatch(/^\| server \| 2 \| long \| 4\/4 \| [\d,]+ ms \|/m);
    expect(markdown).toContain('| mode | conc | start | warm-up | CPU (start + warm-up) | peak RSS |');
    expect(markdown).toContain('![Latency percentiles by concurrency and mode](bench.svg)');
  });

  it('writes a bench.svg that renders at its size, with a series per mode', async () => {
    const svg = await readFile(join(out, 'bench.svg'), 'utf8');
    const image = renderSvg(svg);
    expect({ width: image.width, height: image.height }).toEqual(chartSize(3));
    expect(countColour(image.pixels, CHART_COLORS[0])).toBeGreaterThan(200);
    expect(countColour(image.pixels, CHART_COLORS[1])).toBeGreaterThan(200);
    const series = chartSeries(svg);
    expect(new Set(series.map((s) => s.series))).toEqual(new Set(['cli', 'server']));
    expect(series).toHaveLength(2 * 2 * 2 * 3);
    for (const s of series) expect(s.points.map((p) => p.concurrency)).toEqual([1, 2]);
    expect(svg).toContain('contract double');
  });

  it('--compare prints a ratio per matched cell and a verdict', async () => {
    const again = await runCli(['bench', '--executable', fixtures().doubleBin, '--home', join(root, 'home'), '--mode', 'cli', '--concurrency', '1', '--runs', '1', '--texts', 'short', '--out', join(root, 'again'), '--compare', join(out, 'bench.json'), '-q'], { env: KNOBS, cwd: root });
    expect(again.exitCode, String(again.stderr)).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain(`compared with ${join(out, 'bench.json')} (pocket-tts 2.1.0+double (contract double), ${result.startedAt}): ratios new/old`);
    expect(again.stdout).toContain('note: rounds per cell differ: 2 -> 1');
    expect(again.stdout).toMatch(/^cli\s+1\s+short(\s+\d+\.\d\dx){6}\s+(same|faster|slower)$/m);
    expect(again.stdout).toMatch(/^in one result only: cli c=1 medium, cli c=1 long, cli c=2 short/m);
    expect(await readFile(join(root, 'again', 'bench.md'), 'utf8')).toContain(`## Comparison with \`${join(out, 'bench.json')}\``);
  });

  it('refuses a bad --mode list and a --compare file that is not a bench.json (exit 2)', async () => {
    const mode = await runCli(['bench', '--mode', 'cli,gpu', '--out', join(root, 'x')], { cwd: root });
    expect(mode.exitCode).toBe(2);
    expect(mode.stderr).toContain('"gpu" is not one of cli, server');
    const compare = await runCli(['bench', '--executable', fixtures().doubleBin, '--home', join(root, 'home'), '--out', join(root, 'y'), '--compare', join(out, 'bench.md')], { cwd: root });
    expect(compare.exitCode).toBe(2);
    expect(compare.stderr).toContain('is not a readable JSON file');
  });
});
