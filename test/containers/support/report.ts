// Numbers the tier measures (build times, image sizes, run times), printed as one table at the end and
// written as JSON when POCKET_TTS_CONTAINERS_REPORT names a file. Shared by every test file (one worker).
import { writeFileSync } from 'node:fs';

export interface Measure {
  what: string;
  value: string;
  ms?: number;
  bytes?: number;
}

const measures: Measure[] = [];

export function measure(entry: Measure): void {
  measures.push(entry);
  console.log(`  ${entry.what}: ${entry.value}`);
}

export function measured(): readonly Measure[] {
  return measures;
}

export function writeReport(): string | null {
  const file = process.env.POCKET_TTS_CONTAINERS_REPORT;
  if (file === undefined || file === '') return null;
  writeFileSync(file, `${JSON.stringify({ measures }, null, 2)}\n`);
  return file;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
