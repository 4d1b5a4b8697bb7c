// Reads and writes the three outputs: bench.json (validated), bench.md and bench.svg.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TtsError } from '../errors/index.js';
import { zodError } from '../errors/zod.js';
import { renderChart } from './chart.js';
import { renderBenchReport } from './report.js';
import { benchResultSchema, type BenchResult } from './schema.js';

/** Where {@link writeBenchOutputs} wrote. */
export interface BenchFiles {
  json: string;
  markdown: string;
  svg: string;
}

/** Writes bench.json, bench.md (with `extraMarkdown` appended) and bench.svg into `dir`. */
export async function writeBenchOutputs(result: BenchResult, dir: string, extraMarkdown = ''): Promise<BenchFiles> {
  await mkdir(dir, { recursive: true });
  const files = { json: join(dir, 'bench.json'), markdown: join(dir, 'bench.md'), svg: join(dir, 'bench.svg') };
  await writeFile(files.json, `${JSON.stringify(benchResultSchema.parse(result), null, 2)}\n`);
  await writeFile(files.markdown, renderBenchReport(result, extraMarkdown));
  await writeFile(files.svg, renderChart(result));
  return files;
}

/** Reads and validates a bench.json (INVALID_CONFIG naming `field` when it is missing or not one). */
export async function readBenchResult(file: string, field = 'compare'): Promise<BenchResult> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new TtsError('INVALID_CONFIG', `${file} is not a readable JSON file`, { field, cause: error, hint: 'Pass the bench.json of an earlier run.' });
  }
  const parsed = benchResultSchema.safeParse(data);
  if (!parsed.success) {
    throw zodError('INVALID_CONFIG', parsed.error, (issue) => ({ message: `${file} is not a bench.json of schema version 1: ${issue.path} ${issue.message}`.trim(), field, hint: 'Pass the bench.json of an earlier run.' }));
  }
  return parsed.data;
}
