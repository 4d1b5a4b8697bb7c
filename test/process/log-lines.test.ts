import { describe, expect, it } from 'vitest';
import { LineSplitter, parseLogLine, stripAnsi } from '../../src/process/index.js';

function splitAll(chunks: ReadonlyArray<Uint8Array | string>, splitter = new LineSplitter()): string[] {
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()];
}

// Every kind of terminator, multi-byte characters (2, 3 and 4 bytes) and a last line without newline.
const TEXT = 'INFO: Loading model…\r\nWARNING: héllo 🎵\nTraceback (most recent call last):\r\n  File "x"\r\rprogress 50%\rprogress 100%\n\nValueError: ünïcode';
const LINES = ['INFO: Loading model…', 'WARNING: héllo 🎵', 'Traceback (most recent call last):', '  File "x"', '', 'progress 50%', 'progress 100%', '', 'ValueError: ünïcode'];

describe('LineSplitter', () => {
  const bytes = Buffer.from(TEXT);

  it('splits the whole text at once', () => {
    expect(splitAll([bytes])).toEqual(LINES);
  });

  it('gives the same lines for a byte split at every position', () => {
    for (let at = 0; at <= bytes.length; at++) {
      expect(splitAll([bytes.subarray(0, at), bytes.subarray(at)]), `split at ${at}`).toEqual(LINES);
    }
  });

  it('gives the same lines for every pair of split points', () => {
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        const lines = splitAll([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
        if (lines.join('\n') !== LINES.join('\n')) expect(lines, `splits at ${a}, ${b}`).toEqual(LINES);
      }
    }
  });

  it('gives the same lines one byte at a time, and for string chunks split anywhere', () => {
    expect(splitAll([...bytes].map((b) => Uint8Array.of(b)))).toEqual(LINES);
    for (let at = 0; at <= TEXT.length; at++) expect(splitAll([TEXT.slice(0, at), TEXT.slice(at)])).toEqual(LINES);
  });

  it.each([
    ['nothing', [], []],
    ['a lone newline', ['\n'], ['']],
    ['a trailing newline adds no empty line', ['a\n'], ['a']],
    ['a last line without newline comes out on flush', ['a\nb'], ['a', 'b']],
    ['\\r then \\n in the next chunk is one break', ['a\r', '\nb'], ['a', 'b']],
    ['\\r then \\r\\n', ['a\r', '\r\n'], ['a', '']],
    ['\\r then an empty chunk then \\n', ['a\r', '', '\n'], ['a']],
  ])('%s', (_name, chunks, lines) => {
    expect(splitAll(chunks)).toEqual(lines);
  });

  it('returns completed lines as they arrive, keeping the partial one', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('one\ntw')).toEqual(['one']);
    expect(splitter.push('o\nthr')).toEqual(['two']);
    expect(splitter.flush()).toEqual(['thr']);
    expect(splitter.flush()).toEqual([]);
  });

  it('cuts a line that never ends into pieces of maxLineLength', () => {
    const splitter = new LineSplitter({ maxLineLength: 4 });
    expect(splitter.push('abcdefghij')).toEqual(['abcd', 'efgh']);
    expect(splitter.flush()).toEqual(['ij']);
  });
});

describe('parseLogLine', () => {
  it.each([
    ['INFO: Generated: 240 ms of audio in 1648 ms so 0.15x faster than real-time', 'INFO', 'Generated: 240 ms of audio in 1648 ms so 0.15x faster than real-time'],
    ['ERROR: No input received from stdin.', 'ERROR', 'No input received from stdin.'],
    ['WARNING: Could not load the voice cloning weights', 'WARNING', 'Could not load the voice cloning weights'],
    ['DEBUG: x', 'DEBUG', 'x'],
    ['CRITICAL: y', 'CRITICAL', 'y'],
    ['INFO:     Uvicorn running on http://localhost:8000 (Press CTRL+C to quit)', 'INFO', 'Uvicorn running on http://localhost:8000 (Press CTRL+C to quit)'],
    ['ERROR:    [Errno 98] error while attempting to bind on address (\'localhost\', 8000): address already in use', 'ERROR', "[Errno 98] error while attempting to bind on address ('localhost', 8000): address already in use"],
    ['INFO:     127.0.0.1:51234 - "POST /tts HTTP/1.1" 200 OK', 'INFO', '127.0.0.1:51234 - "POST /tts HTTP/1.1" 200 OK'],
    ['\u001b[32mINFO\u001b[0m:     Started server process [42]', 'INFO', 'Started server process [42]'],
    ['ERROR:', 'ERROR', ''],
    ['Traceback (most recent call last):', null, 'Traceback (most recent call last):'],
    ['ValueError: Cannot specify both config and language, please choose one or the other.', null, 'ValueError: Cannot specify both config and language, please choose one or the other.'],
    ['info: lower case is not a level', null, 'info: lower case is not a level'],
    ['  INFO: indented is not a log line', null, '  INFO: indented is not a log line'],
    ['', null, ''],
  ])('%j', (line, level, message) => {
    expect(parseLogLine(line)).toEqual({ level, message });
  });

  it('stripAnsi removes colour and cursor sequences', () => {
    expect(stripAnsi('\u001b[1;31mred\u001b[0m \u001b[2K\u001b[?25hdone')).toBe('red done');
  });
});
