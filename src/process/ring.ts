// The last lines a process printed, bounded by line count and by bytes.

/** Limits of a {@link LineRing}. */
export interface LineRingOptions {
  /** Lines kept at most (default 200). */
  maxLines?: number;
  /** UTF-8 bytes kept at most, one newline per line included (default 64 KiB). */
  maxBytes?: number;
  /** A longer line is cut to this many bytes, ending with `…` (default 4 KiB). */
  maxLineBytes?: number;
}

const ELLIPSIS = '…';

/** A ring buffer of the most recent lines: older lines drop out when either limit is reached. */
export class LineRing {
  readonly #maxLines: number;
  readonly #maxBytes: number;
  readonly #maxLineBytes: number;
  #lines: string[] = [];
  #sizes: number[] = [];
  #start = 0;
  #bytes = 0;
  #dropped = 0;

  constructor({ maxLines = 200, maxBytes = 65_536, maxLineBytes = 4_096 }: LineRingOptions = {}) {
    this.#maxLines = Math.max(1, maxLines);
    this.#maxLineBytes = Math.max(Buffer.byteLength(ELLIPSIS) + 1, maxLineBytes);
    this.#maxBytes = Math.max(this.#maxLineBytes + 1, maxBytes);
  }

  /** Lines held now. */
  get size(): number {
    return this.#lines.length - this.#start;
  }

  /** Bytes held now (each line plus its newline). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Lines that dropped out so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Adds a line (without its newline), dropping the oldest lines as needed. */
  push(line: string): void {
    const kept = truncateUtf8(line, this.#maxLineBytes);
    const size = Buffer.byteLength(kept) + 1;
    while (this.size > 0 && (this.size >= this.#maxLines || this.#bytes + size > this.#maxBytes)) this.#dropOldest();
    this.#lines.push(kept);
    this.#sizes.push(size);
    this.#bytes += size;
  }

  /** The lines held, oldest first. */
  lines(): string[] {
    return this.#lines.slice(this.#start);
  }

  /** The last `n` lines (all by default) joined with newlines. */
  excerpt(n = this.size): string {
    return n <= 0 ? '' : this.lines().slice(-n).join('\n');
  }

  #dropOldest(): void {
    this.#bytes -= this.#sizes[this.#start] ?? 0;
    this.#start++;
    this.#dropped++;
    // Compacts now and then, so dropping stays O(1) amortised without a fixed-size array.
    if (this.#start >= this.#maxLines) {
      this.#lines = this.#lines.slice(this.#start);
      this.#sizes = this.#sizes.slice(this.#start);
      this.#start = 0;
    }
  }
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes, ending with `…` when cut (never half a character). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const room = maxBytes - Buffer.byteLength(ELLIPSIS);
  const head = Buffer.from(text).subarray(0, Math.max(0, room)).toString('utf8');
  return `${head.replace(/\uFFFD+$/, '')}${ELLIPSIS}`;
}
