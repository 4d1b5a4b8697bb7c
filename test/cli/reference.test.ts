import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { REFERENCE_END, REFERENCE_START, cliReference } from '../../src/cli/reference.js';

describe("README's CLI reference", () => {
  it('is exactly the help of every command and option (npm run docs:cli regenerates it)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf(REFERENCE_START) + REFERENCE_START.length, readme.indexOf(REFERENCE_END)).trim();
    expect(block).toBe(cliReference(createProgram()));
  });

  it('covers every command and every long option', () => {
    const reference = cliReference(createProgram());
    const walk = (command: ReturnType<typeof createProgram>, path: string[]): void => {
      for (const sub of command.commands) {
        if (sub.name() === 'help') continue;
        if (sub.commands.length === 0) expect(reference).toContain(`pocket-tts-runtime ${[...path, sub.name()].join(' ')}`);
        for (const option of sub.options) if (option.long !== undefined) expect(reference).toContain(option.long);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(createProgram(), []);
  });
});
