import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseFor } from '../../src/pocket-tts/index.js';
import { generateArgs } from '../../src/engines/cli/argv.js';
import { GENERATION_PARAMETERS } from '../../src/request/parameters.js';

// RUNTIME.md's parameter mapping table must say exactly what the argv builder does.
function documentedRows(): string[][] {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'RUNTIME.md'), 'utf8');
  const section = doc.split('### Parameter mapping')[1]?.split('\n### ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim().replaceAll('`', '')));
}

describe('RUNTIME.md parameter mapping table', () => {
  const rows = documentedRows();
  const byOption = new Map(rows.map((row) => [row[0], row]));

  it('lists every generation parameter, and nothing else of that kind', () => {
    const parameterRows = rows.filter((row) => row[1]?.startsWith('--') && !['--text', '--voice', '--language', '--config', '--output-path'].includes(row[1] ?? ''));
    expect(parameterRows.map((row) => row[0])).toEqual(GENERATION_PARAMETERS.map((p) => p.option));
  });

  it.each(GENERATION_PARAMETERS.map((p) => [p.option, p] as const))('%s: flag, default and range agree with the code', (option, parameter) => {
    const row = byOption.get(option);
    expect(row, `no row for ${option}`).toBeDefined();
    expect(row?.[1]).toBe(parameter.flag);
    expect(row?.[2]).toBe(parameter.upstreamDefault);
    expect(row?.[3]).toBe(parameter.range);
    const sample = parameter.option === 'quantize' ? true : 1;
    // The table gives 2.1.0's flags (3.3.0 on: --sampler-decode-steps, in the version table).
    const argv = generateArgs({ voice: { kind: 'default' }, language: undefined, config: undefined, params: { [option]: sample } }, releaseFor('2.1.0'));
    expect(argv).toContain(parameter.flag);
  });

  it('documents text, voice, language and config with the flags the builder uses', () => {
    const argv = generateArgs({ voice: { kind: 'catalog', name: 'alba' }, language: 'english', config: '/c.yaml', params: {} }, releaseFor('2.1.0'));
    for (const [option, flag] of [['text', '--text'], ['voice', '--voice'], ['language', '--language'], ['config', '--config']] as const) {
      expect(byOption.get(option)?.[1]).toBe(flag);
      expect(argv).toContain(flag);
    }
  });
});
