// The exit abort (contract: "Observed with current dependencies"), reproduced by the double's knobs:
// `exit-abort` dies of SIGABRT at exit after complete output, `abort` mid-stream. Every site applies one rule.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import type { WarningEvent } from '../../src/events/index.js';
import { createTts } from '../../src/tts/index.js';
import { exportVoices, type VoiceExportEvent } from '../../src/voices/index.js';
import { doubleRuntime } from '../support/double-runtime.js';
import { failure, recordTts, scrape } from '../metrics/support.js';
import { voicesProject } from '../voices/support.js';

const TEXT = 'Hello there. This one ends well.';

async function drain(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('the exit abort in CLI mode', () => {
  it('complete audio: generate() and stream() succeed with the same audio, a warning event and a counter', async () => {
    const registry = new Registry();
    const clean = createTts({ runtime: await doubleRuntime() });
    const aborting = createTts({ runtime: await doubleRuntime({ FAIL: 'exit-abort' }), metrics: { registry } });
    const warnings: WarningEvent[] = [];
    aborting.on('warning', (w) => warnings.push(w));
    const seen = recordTts(aborting);
    try {
      const expected = await clean.generate({ text: TEXT });
      const result = await aborting.generate({ text: TEXT });
      expect(result.wav.equals(expected.wav)).toBe(true);
      const streamed = await drain(aborting.stream({ text: TEXT }));
      expect(streamed.subarray(44).equals(expected.wav.subarray(44))).toBe(true);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatchObject({ type: 'exit-abort', process: 'generate', requestId: seen.requests[0]?.id });
      expect(warnings[0]?.message).toContain('terminate called without an active exception');
      expect(seen.requests.map((r) => r.outcome)).toEqual(['ok', 'ok']);
      expect(seen.exits.map((e) => e.signal)).toEqual(['SIGABRT', 'SIGABRT']);
      const m = await scrape(registry);
      expect(m.value('pocket_tts_exit_aborts_absorbed_total', { process: 'generate' })).toBe(2);
      expect(m.value('pocket_tts_requests_total', { outcome: 'ok' })).toBe(2);
    } finally {
      await Promise.all([clean.close(), aborting.close()]);
    }
  });

  it('truncated audio: the same abort is an error, as any other death', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ FAIL: 'abort', FAIL_AFTER_FRAMES: '3' }) });
    const warnings: WarningEvent[] = [];
    tts.on('warning', (w) => warnings.push(w));
    try {
      const error = await failure(tts.generate({ text: TEXT }));
      expect(isTtsError(error, 'PROCESS_FAILED')).toBe(true);
      expect(isTtsError(error) && error.signal).toBe('SIGABRT');
      expect(isTtsError(error) && error.shortMessage).toBe('pocket-tts died of SIGABRT (terminate called without an active exception)');
      const streamError = await failure(drain(tts.stream({ text: TEXT })));
      expect(isTtsError(streamError, 'PROCESS_FAILED')).toBe(true);
      expect(warnings).toEqual([]);
    } finally {
      await tts.close();
    }
  });

  it('a failure before any audio keeps its own code when the process also aborts at exit', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ FAIL: 'exit-abort' }), limits: { voiceRoots: ['/'] } });
    try {
      const error = await failure(tts.generate({ text: TEXT, voice: '/nonexistent/voice.wav' }));
      expect(isTtsError(error)).toBe(true);
      expect(isTtsError(error) && error.code).not.toBe('PROCESS_FAILED');
    } finally {
      await tts.close();
    }
  });
});

describe('the exit abort in voice export', () => {
  it('export-voice processes (CLI fallback) and the helper keep their complete outputs, with warnings', async () => {
    const project = await voicesProject([{ name: 'a', hz: 220 }, { name: 'b', hz: 330 }]);
    const base = await doubleRuntime({ LOAD_MS: '20', ENCODE_MS: '10', FAIL: 'exit-abort' });
    const events: VoiceExportEvent[] = [];
    const viaCli = await exportVoices({ manifest: project.manifest, runtime: { ...base, python: null }, onEvent: (e) => events.push(e) });
    expect(viaCli).toMatchObject({ method: 'cli-fallback', exported: 2, failed: 0 });
    const warnings = events.flatMap((e) => (e.type === 'warning' ? [e.warning] : []));
    expect(warnings.map((w) => [w.process, w.requestId])).toEqual([['export-voice', 'a'], ['export-voice', 'b']]);

    const again = await voicesProject([{ name: 'c', hz: 220 }]);
    const helperEvents: VoiceExportEvent[] = [];
    const viaHelper = await exportVoices({ manifest: again.manifest, runtime: base, onEvent: (e) => helperEvents.push(e) });
    expect(viaHelper).toMatchObject({ method: 'helper', exported: 1, failed: 0, modelLoads: 1 });
    expect(helperEvents.filter((e) => e.type === 'warning').map((e) => e.type === 'warning' && e.warning.process)).toEqual(['voice-helper']);
  });
});
