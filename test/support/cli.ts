import { join } from 'node:path';
import { execa, type Options } from 'execa';

/** The built CLI (npm test builds before vitest runs). */
export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

/** Runs `pocket-tts-runtime …` as a user would, never rejecting; CI-style plain output. */
export function runCli(args: readonly string[], options: Options = {}) {
  const stdin = options.input === undefined && options.inputFile === undefined ? { stdin: 'ignore' as const } : {};
  return execa(process.execPath, [CLI, ...args], { reject: false, ...stdin, ...options, env: { CI: '1', NO_COLOR: '1', ...options.env } });
}

/** Resolves with the first match of `pattern` in the stream's text (rejects when it ends without one). */
export function lineOf(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match !== null) resolve(match[0]);
    });
    stream.once('end', () => reject(new Error(`ended without ${String(pattern)}:\n${text}`)));
  });
}
