import { describe, expect, it } from 'vitest';
import { streamLooksComplete } from '../../src/audio/index.js';
import { TtsError } from '../../src/errors/index.js';
import { EXIT_ABORT_LINE, exitFactsOf, helpWorked, isExitAbort, judgeExit, judgeShutdown } from '../../src/process/index.js';

const abortLines = ['INFO: Generated: 2160 ms of audio in 951 ms', EXIT_ABORT_LINE];

describe('isExitAbort', () => {
  it.each([
    ['SIGABRT with the terminate line last', { exitCode: null, signal: 'SIGABRT', lines: abortLines }, true],
    ['exit 134 (a wrapper or a shell) with the line', { exitCode: 134, signal: null, lines: [...abortLines, ''] }, true],
    ['SIGABRT without the line', { exitCode: null, signal: 'SIGABRT', lines: ['Fatal Python error: Aborted'] }, false],
    ['the line, but the process was killed otherwise', { exitCode: null, signal: 'SIGKILL', lines: abortLines }, false],
    ['the line, but not last', { exitCode: null, signal: 'SIGABRT', lines: [EXIT_ABORT_LINE, 'Traceback (most recent call last):'] }, false],
    ['exit 1', { exitCode: 1, signal: null, lines: abortLines }, false],
  ] as const)('%s → %s', (_, end, expected) => {
    expect(isExitAbort(end)).toBe(expected);
  });
});

describe('judgeExit: decided by the output', () => {
  it.each([
    ['exit 0', { exitCode: 0, signal: null, lines: [] }, false, 'ok'],
    ['the exit abort after complete output', { exitCode: null, signal: 'SIGABRT', lines: abortLines }, true, 'absorbed'],
    ['the exit abort after truncated output', { exitCode: null, signal: 'SIGABRT', lines: abortLines }, false, 'failed'],
    ['another signal, whatever the output', { exitCode: null, signal: 'SIGKILL', lines: [] }, true, 'failed'],
    ['exit 1, whatever the output', { exitCode: 1, signal: null, lines: ['ValueError: x'] }, true, 'failed'],
  ] as const)('%s → %s', (_, end, complete, verdict) => {
    expect(judgeExit(end, () => complete)).toBe(verdict);
  });

  it('asks for the output only when it matters', () => {
    let asked = 0;
    judgeExit({ exitCode: 1, signal: null, lines: [] }, () => ++asked > 0);
    judgeExit({ exitCode: 0, signal: null, lines: [] }, () => ++asked > 0);
    expect(asked).toBe(0);
  });
});

describe('judgeShutdown: no exit-code folklore after a stop we asked for', () => {
  const finished = ['INFO:     Shutting down', 'INFO:     Finished server process [42]'];
  it.each([
    ['exit 0 (uvicorn before 0.54)', { exitCode: 0, signal: null, lines: finished }, 'ok'],
    ['SIGTERM re-raised (uvicorn 0.54+)', { exitCode: null, signal: 'SIGTERM', lines: finished }, 'ok'],
    ['143 from a wrapper', { exitCode: 143, signal: null, lines: finished }, 'ok'],
    ['SIGKILL after the grace period', { exitCode: null, signal: 'SIGKILL', lines: [] }, 'ok'],
    ['the exit abort after a clean shutdown', { exitCode: null, signal: 'SIGABRT', lines: [...finished, EXIT_ABORT_LINE] }, 'absorbed'],
    ['the exit abort before the shutdown finished', { exitCode: null, signal: 'SIGABRT', lines: ['INFO:     Shutting down', EXIT_ABORT_LINE] }, 'failed'],
    ['exit 1 with a traceback', { exitCode: 1, signal: null, lines: ['RuntimeError: boom'] }, 'failed'],
  ] as const)('%s → %s', (_, end, verdict) => {
    expect(judgeShutdown(end)).toBe(verdict);
  });
});

describe('helpWorked', () => {
  const usage = 'Usage: pocket-tts [OPTIONS] COMMAND [ARGS]...\n  generate  Generate speech\n';
  it('accepts exit 0, and the exit abort after the whole usage text; refuses the rest', () => {
    expect(helpWorked({ exitCode: 0, stdout: usage, stderr: '' })).toBe(true);
    expect(helpWorked({ signal: 'SIGABRT', stdout: usage, stderr: EXIT_ABORT_LINE })).toBe(true);
    expect(helpWorked({ signal: 'SIGABRT', stdout: 'Usage: pocket', stderr: EXIT_ABORT_LINE })).toBe(false);
    expect(helpWorked({ exitCode: 1, stdout: usage, stderr: "ModuleNotFoundError: No module named 'torch'" })).toBe(false);
  });
});

describe('exitFactsOf', () => {
  it('reads a classified process failure, nothing else', () => {
    const error = new TtsError('PROCESS_FAILED', 'pocket-tts was killed by SIGABRT', { signal: 'SIGABRT', stderr: abortLines.join('\n') });
    expect(exitFactsOf(error)).toEqual({ exitCode: null, signal: 'SIGABRT', lines: abortLines });
    expect(exitFactsOf(new TtsError('TIMEOUT', 'late', { signal: 'SIGABRT' }))).toBeNull();
    expect(exitFactsOf(null)).toBeNull();
  });
});

describe('streamLooksComplete', () => {
  const bytes = (samples: number): number => samples * 2;
  it.each([
    ['frames and the silent tail', { dataBytes: bytes(3 * 1920 + 4800), endsWithSilence: true }, true],
    ['no silent tail', { dataBytes: bytes(3 * 1920 + 4800), endsWithSilence: false }, false],
    ['the tail alone, no frame', { dataBytes: bytes(4800), endsWithSilence: true }, false],
    ['half a frame', { dataBytes: bytes(3 * 1920 + 960 + 4800), endsWithSilence: true }, false],
    ['half a sample', { dataBytes: bytes(3 * 1920 + 4800) + 1, endsWithSilence: true }, false],
  ] as const)('%s → %s', (_, end, expected) => {
    expect(streamLooksComplete(end)).toBe(expected);
  });
});
