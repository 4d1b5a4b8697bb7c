// The runner API against the real pocket-tts: 20 consecutive generate() calls in CLI mode all succeed
// (an exit abort, where the environment has it, is absorbed: counted here, never a failure).
import { describe, expect, it } from 'vitest';
import type { WarningEvent } from '../../src/events/index.js';
import { resolveRuntime } from '../../src/runtime/index.js';
import { createTts } from '../../src/tts/index.js';
import { real } from './fixtures.js';
import { checkWav } from './wav.js';

describe('createTts() against the real pocket-tts', () => {
  it('20 of 20 consecutive generate() calls succeed, each with a whole WAV', { timeout: 1_800_000 }, async () => {
    const r = real();
    const runtime = await resolveRuntime({ home: r.home, runtime: r.runtime.id, hfHubCache: r.hubCache });
    const tts = createTts({ runtime, concurrency: 1, timeoutMs: 300_000 });
    const warnings: WarningEvent[] = [];
    tts.on('warning', (w) => warnings.push(w));
    const outcomes: string[] = [];
    try {
      for (let i = 1; i <= 20; i += 1) {
        const result = await tts.generate({ text: `Request number ${i} of twenty.`, voice: i % 2 === 0 ? 'alba' : undefined });
        checkWav(result.wav, 'exact', `generate ${i}`);
        expect(result.samples).toBe((result.wav.length - 44) / 2);
        outcomes.push('ok');
      }
    } finally {
      await tts.close();
    }
    expect(outcomes).toHaveLength(20);
    // Not an assertion on the environment: how many runs the exit abort hit here, for the record.
    console.log(`[real tier] 20/20 generations succeeded; exit aborts absorbed: ${warnings.length}`);
  });

  it('stream() and server mode give the same kind of WAV', async () => {
    const r = real();
    const runtime = await resolveRuntime({ home: r.home, runtime: r.runtime.id, hfHubCache: r.hubCache });
    const tts = createTts({ runtime, mode: 'server', server: { workers: 1 }, timeoutMs: 300_000 });
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of tts.stream({ text: 'Streaming from a warm sidecar.' })) chunks.push(chunk as Buffer);
      checkWav(Buffer.concat(chunks), 'stream', 'server stream()');
      checkWav((await tts.generate({ text: 'And a buffered one.' })).wav, 'exact', 'server generate()');
    } finally {
      await tts.close();
    }
  });
});
