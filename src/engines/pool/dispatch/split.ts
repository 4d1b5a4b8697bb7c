// Long-text fan-out, the pure part: sentences, and contiguous parts of balanced length.

/** A sentence ends after `.`, `!` or `?` followed by white space (pocket-tts's own sentence boundary). */
const SENTENCE_END = /(?<=[.!?])\s+/;

/** The sentences of `text`, trimmed, empty ones dropped; joining them with spaces speaks the same text. */
export function splitSentences(text: string): string[] {
  return text
    .trim()
    .split(SENTENCE_END)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/** How a text is cut for fan-out. */
export interface FanOutPlan {
  /** The parts' texts, in speaking order (one part: no fan-out). */
  parts: string[];
}

/**
 * Cuts `text` into at most `maxParts` contiguous groups of whole sentences of about equal length, when it
 * is at least `minChars` long and has more than one sentence; otherwise one part, the text itself.
 */
export function planFanOut(text: string, { minChars, maxParts }: { minChars: number; maxParts: number }): FanOutPlan {
  if (maxParts < 2 || minChars <= 0 || text.length < minChars) return { parts: [text] };
  const sentences = splitSentences(text);
  if (sentences.length < 2) return { parts: [text] };
  const cuts = balancedCuts(sentences.map((s) => s.length), Math.min(maxParts, sentences.length));
  const parts: string[] = [];
  let from = 0;
  for (const to of [...cuts, sentences.length]) {
    parts.push(sentences.slice(from, to).join(' '));
    from = to;
  }
  return { parts };
}

/**
 * Sentence indexes where parts 2..k start: for each i, the boundary closest to i/k of the total length,
 * kept strictly increasing so that every part holds at least one sentence.
 */
export function balancedCuts(lengths: readonly number[], k: number): number[] {
  const total = lengths.reduce((sum, n) => sum + n, 0);
  const ends: number[] = [];
  let sum = 0;
  for (const n of lengths) ends.push((sum += n)); // ends[j]: length of sentences 0..j
  const cuts: number[] = [];
  for (let i = 1; i < k; i++) {
    const target = (total * i) / k;
    const min = (cuts.at(-1) ?? 0) + 1;
    const max = lengths.length - (k - i);
    let best = min;
    for (let cut = min; cut <= max; cut++) {
      if (Math.abs((ends[cut - 1] ?? 0) - target) < Math.abs((ends[best - 1] ?? 0) - target)) best = cut;
    }
    cuts.push(best);
  }
  return cuts;
}
