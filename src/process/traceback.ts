// Finds what a Python process died of in its last stderr lines: the final exception or the last ERROR log.
import { parseLogLine, stripAnsi } from './log-lines.js';

/** The exception a Python traceback ends with. */
export interface PythonException {
  /** As printed, possibly dotted: `ValueError`, `wave.Error`, `huggingface_hub.errors.LocalEntryNotFoundError`. */
  type: string;
  /** The message, continuation lines included (joined with `\n`). */
  text: string;
  /** The line `Type: message` as printed. */
  line: string;
  /** Index of that line in the lines given. */
  index: number;
}

const TRACEBACK_START = 'Traceback (most recent call last):';
const EXCEPTION_LINE = /^((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?::[ \t]?(.*))?$/;
// Without the traceback start (cut off by the ring), only names that look like exceptions are trusted:
// `wave.Error`, `ValueError`, not Click's plain `Error: …`.
const EXCEPTION_NAME = /^(?:(?:[A-Za-z_]\w*\.)+\w*|[A-Za-z_]\w*)(?:Error|Exception):[ \t]?.*$/;

/** The last exception printed, or null when there is none. */
export function lastException(lines: readonly string[]): PythonException | null {
  const plain = lines.map(stripAnsi);
  const start = plain.lastIndexOf(TRACEBACK_START);
  const index = start === -1 ? lastMatching(plain, EXCEPTION_NAME) : firstUnindented(plain, start + 1);
  const line = index === -1 ? undefined : plain[index];
  const match = line === undefined ? null : EXCEPTION_LINE.exec(line);
  if (line === undefined || match === null) return null;
  const continuation = plain.slice(index + 1).filter((l) => l.trim() !== '' && parseLogLine(l).level === null);
  return { type: match[1] ?? '', text: [match[2] ?? '', ...continuation].join('\n'), line, index };
}

/** The last ERROR or CRITICAL log line (its message) and where it is, or null. */
export function lastErrorLog(lines: readonly string[]): { message: string; index: number } | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const { level, message } = parseLogLine(lines[i] ?? '');
    if (level === 'ERROR' || level === 'CRITICAL') return { message, index: i };
  }
  return null;
}

// Frames (`  File …`, source lines, `^^^^` markers) are indented; the exception line is not.
function firstUnindented(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() !== '' && !/^\s/.test(line)) return i;
  }
  return -1;
}

function lastMatching(lines: readonly string[], pattern: RegExp): number {
  for (let i = lines.length - 1; i >= 0; i--) if (pattern.test(lines[i] ?? '')) return i;
  return -1;
}
