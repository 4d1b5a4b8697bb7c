import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/run-in-process.js';

// Bad usage is exit 2, found at parse time, before any work; the message names the option and what to do.
describe('usage errors', () => {
  it('an unknown option prints the option, the closest match and "see --help", not the whole help', async () => {
    const { exitCode, stderr } = await runInProcess(['preflight', '--stirct']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("unknown option '--stirct'");
    expect(stderr).toContain('--strict');
    expect(stderr).toContain('see `pocket-tts-runtime preflight --help`');
    expect(stderr).not.toContain('Options:');
    expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
  });

  it('`generate --txt` is reported as the unknown option --txt (did you mean --text), not as a missing --text', async () => {
    const { exitCode, stderr } = await runInProcess(['generate', '--txt', 'hi']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("unknown option '--txt'");
    expect(stderr).toContain('--text');
    expect(stderr).not.toContain('required option');
  });

  it('a missing --text is still a usage error', async () => {
    const { exitCode, stderr } = await runInProcess(['generate']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--text');
    expect(stderr).not.toContain('Options:');
  });

  it.each([
    [['setup', '--engine', 'dubble']],
    [['setup', '--engine', 'DOUBLE']],
    [['provision', '--mode', 'foo']],
    [['provision', '--installer', 'bogus']],
    [['provision', '--extras', 'nope']],
    [['generate', '--text', 'hi', '--language', 'klingon']],
    [['generate', '--text', 'hi', '--mode', 'foo']],
  ])('an enumerated flag is checked at parse time: %j', async (args) => {
    const { exitCode, stderr } = await runInProcess(args);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/Allowed choices are/);
    expect(stderr).not.toContain('INTERNAL');
    expect(stderr).not.toContain('Options:');
  });

  it.each([
    [['generate', '--text', 'hi', '--temperature', '9', '--executable', '/nonexistent/pocket-tts']],
    [['generate', '--text', 'x'.repeat(20_001), '--executable', '/nonexistent/pocket-tts']],
    [['generate', '--text', 'hi', '--timeout', 'abc']],
  ])('a value out of range is exit 2, before any work: %#', async (args) => {
    const { exitCode, stderr } = await runInProcess(args);
    expect(exitCode).toBe(2);
    expect(stderr).not.toContain('INTERNAL');
    expect(stderr).not.toContain('EXECUTABLE_NOT_FOUND');
  });
});
