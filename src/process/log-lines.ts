// Lines out of chunked stderr, and the level of each pocket-tts / uvicorn log line.
import { StringDecoder } from 'node:string_decoder';

/** Python logging levels as pocket-tts and uvicorn print them. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** One stderr line: its log level when it is a log line (null for tracebacks, usage boxes…), and its text. */
export interface LogLine {
  level: LogLevel | null;
  message: string;
}

// `\r` alone ends a line too: tqdm progress bars redraw with it (like node:readline).
const LINE_BREAK = /\r\n|\r|\n/;
// pocket-tts: `INFO: message`; uvicorn pads the level: `INFO:     message`.
const LOG_LINE = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):[ \t]*(.*)$/s;
// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC by definition.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/** Removes ANSI colour and cursor sequences (in case something ignores NO_COLOR). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Splits `LEVEL: message`; any other line comes back whole with level null. */
export function parseLogLine(line: string): LogLine {
  const plain = stripAnsi(line);
  const match = LOG_LINE.exec(plain);
  if (match === null) return { level: null, message: plain };
  return { level: match[1] as LogLevel, message: match[2] ?? '' };
}

/**
 * Turns chunks (bytes or text, cut anywhere, even inside a UTF-8 character or between `\r` and `\n`) into
 * lines without their terminators. A line longer than `maxLineLength` characters is cut into pieces so
 * that a process writing without newlines cannot grow memory.
 */
export class LineSplitter {
  #decoder = new StringDecoder('utf8');
  #partial = '';
  #afterCarriageReturn = false;
  readonly #maxLineLength: number;

  constructor({ maxLineLength = 65_536 }: { maxLineLength?: number } = {}) {
    this.#maxLineLength = maxLineLength;
  }

  /** Feeds one chunk; returns the lines it completed. */
  push(chunk: Uint8Array | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return this.#split(text);
  }

  /** Ends the input; returns the remaining lines, including a last line that had no newline. */
  flush(): string[] {
    const lines = this.#split(this.#decoder.end());
    if (this.#partial !== '') lines.push(this.#partial);
    this.#partial = '';
    this.#afterCarriageReturn = false;
    return lines;
  }

  #split(text: string): string[] {
    if (text === '') return [];
    // A `\n` right after a chunk that ended with `\r` is the second half of a `\r\n` already counted.
    const skip = this.#afterCarriageReturn && text.startsWith('\n') ? 1 : 0;
    this.#afterCarriageReturn = text.endsWith('\r');
    const pieces = (this.#partial + text.slice(skip)).split(LINE_BREAK);
    this.#partial = pieces.pop() ?? '';
    while (this.#partial.length > this.#maxLineLength) {
      pieces.push(this.#partial.slice(0, this.#maxLineLength));
      this.#partial = this.#partial.slice(this.#maxLineLength);
    }
    return pieces;
  }
}
