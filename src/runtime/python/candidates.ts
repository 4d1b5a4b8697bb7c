/** One interpreter to try, and why it is on the list. */
export interface PythonCandidate {
  /** A command name (looked up on PATH) or a path. */
  command: string;
  /** Where it came from: `--python`, `POCKET_TTS_PYTHON`, `PYTHON`, or `PATH`. */
  source: string;
}

/** Versioned names tried after `python3` and `python`, newest first (pocket-tts supports 3.10 to 3.14). */
const VERSIONED = ['python3.14', 'python3.13', 'python3.12', 'python3.11', 'python3.10'];

/**
 * The ordered candidate list, like node-gyp's find-python: explicit choices first, then well-known
 * names. Duplicates keep their first (most explicit) position.
 */
export function pythonCandidates(explicit: string | undefined, env: NodeJS.ProcessEnv): PythonCandidate[] {
  const list: PythonCandidate[] = [];
  const add = (command: string | undefined, source: string): void => {
    if (command === undefined || command.trim() === '') return;
    if (list.some((c) => c.command === command)) return;
    list.push({ command, source });
  };
  add(explicit, '--python');
  add(env.POCKET_TTS_PYTHON, 'POCKET_TTS_PYTHON');
  add(env.PYTHON, 'PYTHON');
  for (const name of ['python3', 'python', ...VERSIONED]) add(name, 'PATH');
  return list;
}
