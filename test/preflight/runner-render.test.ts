import { describe, expect, it } from 'vitest';
import { CHECKS, CHECK_IDS } from '../../checks/index.js';
import { renderReport, summaryLine } from '../../src/preflight/render.js';
import { buildReport } from '../../src/preflight/report.js';
import { startChecks } from '../../src/preflight/runner.js';
import { preflightReportSchema, type CheckReport } from '../../src/preflight/schema.js';
import type { Check, Facts } from '../../src/preflight/facts/types.js';
import type { ProbeOutcome } from '../../src/preflight/facts/probe-schema.js';
import { facts } from '../checks/support.js';

const line = (id: CheckReport['id'], status: CheckReport['status'], hint: string | null = null): CheckReport => ({ id, title: id, status, message: `${id} says ${status}`, hint, durationMs: 1, details: {} });

describe('registry', () => {
  it('holds every check once, in the fixed order', () => {
    expect(CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });
});

describe('runner', () => {
  it('runs filesystem checks without waiting for the probe', async () => {
    let release: (o: ProbeOutcome) => void = () => {};
    const probe = new Promise<ProbeOutcome>((resolve) => (release = resolve));
    const f: Facts = { ...facts(), probe };
    const waits: Check = { id: 'torch', title: 't', needsRuntime: true, run: async (x) => ((await x.probe).ok ? { status: 'pass', message: 'probed' } : { status: 'fail', message: 'no' }) };
    const fs: Check = { id: 'disk', title: 'd', needsRuntime: false, run: () => ({ status: 'pass', message: 'fs' }) };
    const [slow, fast] = startChecks([waits, fs], f);
    expect(await fast?.result).toMatchObject({ id: 'disk', status: 'pass' });
    let slowDone = false;
    void slow?.result.then(() => (slowDone = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slowDone).toBe(false);
    release({ ok: false, reason: 'failed', message: 'x', stderr: null, wallMs: 1 });
    expect(await slow?.result).toMatchObject({ status: 'fail' });
  });

  it('skips runtime-bound checks without a runtime, and turns a crash into that check\'s failure', async () => {
    const bound: Check = { id: 'torch', title: 't', needsRuntime: true, run: () => ({ status: 'pass', message: 'never' }) };
    const crash: Check = { id: 'disk', title: 'd', needsRuntime: false, run: () => { throw new Error('kaboom'); } };
    const [a, b] = startChecks([bound, crash], facts({ runtime: null }));
    expect(await a?.result).toMatchObject({ status: 'skip', message: 'needs a runtime (see executable)', hint: null, details: {} });
    expect(await b?.result).toMatchObject({ status: 'fail', message: 'the disk check crashed: kaboom' });
  });
});

describe('report and render', () => {
  const lines = [line('executable', 'pass'), line('torch', 'fail', 'pocket-tts-runtime provision --home /h --force'), line('pocket-tts', 'warn', 'a\nb'), line('voices', 'skip')];
  const report = (strict: boolean) => {
    const f = facts({ options: { strict } });
    return buildReport({ facts: f, probe: { ok: false, reason: 'failed', message: 'x', stderr: null, wallMs: 12 }, checks: lines, startedAt: new Date(0), durationMs: 411.6 });
  };

  it('counts, sets the exit code, and validates against the schema', () => {
    const r = report(false);
    expect(r).toMatchObject({ schemaVersion: 1, exitCode: 1, ok: false, summary: { pass: 1, warn: 1, fail: 1, skip: 1 } });
    expect(preflightReportSchema.parse(r)).toEqual(r);
    const warnOnly = buildReport({ facts: facts({ options: { strict: true } }), probe: { ok: false, reason: 'no-python', message: 'x', stderr: null, wallMs: null }, checks: [line('python', 'warn')], startedAt: new Date(0), durationMs: 1 });
    expect(warnOnly.exitCode).toBe(1);
    expect(buildReport({ ...{ facts: facts(), probe: { ok: false, reason: 'no-python', message: 'x', stderr: null, wallMs: null } }, checks: [line('python', 'warn')], startedAt: new Date(0), durationMs: 1 }).exitCode).toBe(0);
  });

  it('renders ✓ ! ✗ - lines with hints under non-passing ones and a summary', () => {
    expect(renderReport(report(false))).toEqual([
      '✓ executable  executable says pass',
      '✗ torch       torch says fail',
      '              fix: pocket-tts-runtime provision --home /h --force',
      '! pocket-tts  pocket-tts says warn',
      '              fix: a',
      '                   b',
      '- voices      voices says skip',
      '1 passed, 1 warning, 1 failed, 1 skipped in 412 ms',
    ]);
    expect(summaryLine(report(false))).toBe('1 passed, 1 warning, 1 failed, 1 skipped in 412 ms');
  });

  it('colours only when asked', () => {
    expect(renderReport(report(false), { color: true }).join('\n')).toContain('\u001b[');
  });
});
