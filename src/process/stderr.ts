// Reads a process's stderr into lines as it arrives: for the log callback and for the failure excerpt.
import type { Readable } from 'node:stream';
import { LineSplitter, parseLogLine, type LogLine } from './log-lines.js';
import type { LineRing } from './ring.js';

/** Where each stderr line goes. */
export interface WatchStderrOptions {
  /** Keeps the last lines for {@link classifyFailure} and the error's stderr excerpt. */
  ring?: LineRing;
  /** Called once per line, with its parsed level. */
  onLine?: (line: LogLine, raw: string) => void;
}

/**
 * Consumes `stderr` line by line (attach it right after spawning: execa drops unread output of `buffer: false`
 * subprocesses). Resolves when the stream ends, after the last line without newline; never rejects.
 */
export function watchStderr(stderr: Readable, { ring, onLine }: WatchStderrOptions): Promise<void> {
  const splitter = new LineSplitter();
  const emit = (lines: string[]): void => {
    for (const raw of lines) {
      ring?.push(raw);
      onLine?.(parseLogLine(raw), raw);
    }
  };
  return new Promise((resolve) => {
    stderr.on('data', (chunk: Buffer | string) => emit(splitter.push(chunk)));
    // 'close' also covers a destroyed stream, which never emits 'end'.
    stderr.once('close', () => {
      emit(splitter.flush());
      resolve();
    });
    stderr.once('error', () => undefined);
  });
}
