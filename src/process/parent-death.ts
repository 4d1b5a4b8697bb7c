// Children die with their parent, whatever kills it (kill -9 included, when no handler of ours runs).
//
// Linux's PR_SET_PDEATHSIG is not enough: it follows the parent *thread*, and fork clears it, so uvx's
// Python or pip's build backends would still outlive us. Instead each child starts behind a tiny /bin/sh
// wrapper that leads the child's process group (spawned `detached`) and leaves a watchdog in it: the
// watchdog blocks reading one end of a socket pair whose other end only this Node process holds. The
// kernel closes that end when Node dies, however it dies; the read ends and the watchdog SIGKILLs the
// whole group. Then the wrapper `exec`s the real program, which keeps the pid Node knows.
import { accessSync, constants } from 'node:fs';
import { whichSync } from '../fs/which.js';

/** The child's fd that carries the watchdog's end: pass `'pipe'` at this index of `stdio`. */
export const WATCHDOG_FD = 3;

// The watchdog runs with its stdio on /dev/null so it never holds the child's pipes (their EOF is the child's).
const WRAPPER = `( read -r _ <&${WATCHDOG_FD}; kill -KILL 0 ) </dev/null >/dev/null 2>&1 & exec ${WATCHDOG_FD}<&-; exec "$@"`;

/** The wrapper's `$0`: the watchdog keeps the wrapper's argv, so `/proc/<pid>/cmdline` names it by this. */
export const WATCHDOG_NAME = 'pocket-tts-runtime-child';

/** True for the cmdline (NUL-separated) of a parent-death watchdog, a helper of ours rather than an engine process. */
export function isWatchdogCmdline(cmdline: string): boolean {
  const argv = cmdline.split('\0');
  return argv[0] === '/bin/sh' && argv[3] === WATCHDOG_NAME;
}

/** A program and its arguments. */
export interface Command {
  file: string;
  args: readonly string[];
}

/**
 * `command` behind the parent-death wrapper: spawn the result `detached`, with `'pipe'` at
 * {@link WATCHDOG_FD}. A program that cannot be found is returned as is, so spawning it still fails the
 * usual way (ENOENT) rather than as the shell's exit 127.
 */
export function withParentDeath(command: Command, env: Readonly<Record<string, string | undefined>>): Command {
  const file = whichSync(command.file, env);
  if (file === undefined || !shellAvailable()) return command;
  // A relative path stays relative: the child resolves it against its own working directory.
  return { file: '/bin/sh', args: ['-c', WRAPPER, WATCHDOG_NAME, command.file.includes('/') ? command.file : file, ...command.args] };
}

let shell: boolean | undefined;

/** Whether /bin/sh can run (checked once: it does not come and go). Without it the child runs unwrapped. */
function shellAvailable(): boolean {
  if (shell === undefined) {
    try {
      accessSync('/bin/sh', constants.X_OK);
      shell = true;
    } catch {
      shell = false;
    }
  }
  return shell;
}
