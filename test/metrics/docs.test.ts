// RUNTIME.md's Observability section must list every metric as registered, and every request event field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RequestProbe } from '../../src/events/index.js';
import { METRICS } from '../../src/metrics/index.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'RUNTIME.md'), 'utf8');
const section = doc.split('## Observability')[1]?.split('\n## ')[0] ?? '';

function cells(line: string): string[] {
  return line.replace(/^\| /, '').replace(/ \|$/, '').split(' | ');
}

describe('RUNTIME.md "Observability"', () => {
  it('has one table row per metric with its type, labels and buckets, in registration order', () => {
    const rows = section.split('\n').filter((l) => l.startsWith('| `pocket_tts_')).map(cells);
    expect(rows.map((r) => r[0])).toEqual(Object.values(METRICS).map((d) => `\`pocket_tts_${d.name}\``));
    for (const [row, def] of rows.map((r, i) => [r, Object.values(METRICS)[i]] as const)) {
      expect(row[1], def?.name).toBe(def?.type);
      expect(row[2], def?.name).toBe(def === undefined || def.labels.length === 0 ? '-' : def.labels.map((l) => `\`${l}\``).join(', '));
      expect(row[3], def?.name).toBe(def?.help);
      expect(row[4], def?.name).toBe(def !== undefined && 'buckets' in def ? def.buckets.join(', ') : '-');
    }
  });

  it('describes every field of the request event', () => {
    const fields = Object.keys(new RequestProbe('generate', { text: 'x' }).settle('cli', null));
    const documented = section.split('\n').filter((l) => /^\| `[a-zA-Z]+` \|/.test(l)).map((l) => cells(l)[0]?.replaceAll('`', ''));
    expect(documented).toEqual(fields);
  });
});
