import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, TTS_ERROR_CODES, TtsError } from '../../src/errors/index.js';

describe('error taxonomy', () => {
  it('RUNTIME.md lists every code with its meaning and fix, in order', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'RUNTIME.md'), 'utf8');
    const section = doc.split('## Error taxonomy')[1]?.split('\n## ')[0] ?? '';
    const rows = section.split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, '').replaceAll('`', '')));
    expect(rows.map((r) => r[0])).toEqual(TTS_ERROR_CODES);
    for (const row of rows) {
      const entry = ERROR_CODES[row[0] as keyof typeof ERROR_CODES];
      expect(row[1]).toBe(entry.meaning.replaceAll('`', ''));
      expect(row[2]).toBe(entry.fix.replaceAll('`', ''));
    }
  });

  it('an error carries the whole result, a short and a long message', () => {
    const cause = new Error('inner');
    const error = new TtsError('PROCESS_FAILED', 'boom', { exitCode: 1, signal: 'SIGTERM', stderr: 'line 1\nline 2', durationMs: 12.4, cause, field: 'voice' });
    expect(error).toMatchObject({ name: 'TtsError', code: 'PROCESS_FAILED', shortMessage: 'boom', exitCode: 1, signal: 'SIGTERM', timedOut: false, field: 'voice', cause });
    expect(error.message).toBe('PROCESS_FAILED: boom (exit code 1, signal SIGTERM, after 12 ms)\nstderr:\n  line 1\n  line 2\nfix: ' + ERROR_CODES.PROCESS_FAILED.fix);
    expect(error.toJSON()).toMatchObject({ code: 'PROCESS_FAILED', message: 'boom', stderr: 'line 1\nline 2' });
  });
});

describe('TtsError.message and shortMessage (issue 17: `${e.code}: ${e.message}` gave "ABORTED: ABORTED: …")', () => {
  it('message is the whole report and starts with the code once; shortMessage is one line without it', () => {
    const e = new TtsError('ABORTED', 'the request was aborted', { exitCode: 143, stderr: 'last line\n' });
    expect(e.shortMessage).toBe('the request was aborted');
    expect(e.message.split('\n')[0]).toBe('ABORTED: the request was aborted (exit code 143)');
    expect(e.message.match(/ABORTED/g)).toHaveLength(1);
    expect(e.message.split('\n').at(-1)).toBe(`fix: ${e.hint}`);
    expect(String(e)).toBe(`TtsError: ${e.message}`);
    expect(`${e.code}: ${e.shortMessage}`).toBe('ABORTED: the request was aborted');
  });
});
