// The environment every pocket-tts process gets.

/** Variables whose values the toolkit relies on, with why. */
export const ENGINE_ENV_OVERRIDES = {
  // Unbuffered stdout: the first audio bytes are not held back in an 8 KiB block buffer.
  PYTHONUNBUFFERED: '1',
  // Plain Python tracebacks ending `Type: message`, instead of rich boxes wrapped at the terminal width.
  _TYPER_STANDARD_TRACEBACK: '1',
  // No ANSI colour codes in log lines and usage errors.
  NO_COLOR: '1',
} as const;

/**
 * `process.env`, then the runtime's env, then `extra` (an `undefined` value removes a variable), then the
 * overrides above. Returns a new object; nothing is mutated.
 */
export function engineEnv(
  runtime: { readonly env: Readonly<Record<string, string>> },
  extra: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const merged: Record<string, string | undefined> = { ...process.env, ...runtime.env, ...extra, ...ENGINE_ENV_OVERRIDES };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
