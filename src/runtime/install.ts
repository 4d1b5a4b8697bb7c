import { appendFile } from 'node:fs/promises';
import { execa } from 'execa';
import { TtsError } from '../errors/index.js';
import { trackGroup, withParentDeath } from '../process/index.js';
import type { StepIO } from '../tasks/steps.js';
import type { PlannedCommand } from './commands.js';

/** How an installer command runs: its environment, where its output goes, and how to stop it. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  io: StepIO;
  /** Full installer output is appended here (kept for troubleshooting). */
  logFile: string;
  signal: AbortSignal | undefined;
}

const TAIL_LINES = 25;

/** Runs one installer command, streaming its output lines; a failure becomes a typed error with the tail. */
export async function runPlanned(command: PlannedCommand, ctx: CommandContext): Promise<void> {
  const [file, ...args] = command.argv;
  await appendFile(ctx.logFile, `$ ${command.argv.join(' ')}\n`);
  const tail: string[] = [];
  // In its own process group behind the parent-death watchdog: pip's children die with it, and with us.
  const wrapped = withParentDeath({ file, args }, ctx.env);
  const subprocess = execa(wrapped.file, wrapped.args, {
    env: ctx.env,
    extendEnv: false,
    reject: false,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    all: true,
    lines: false,
    ...(ctx.signal === undefined ? {} : { cancelSignal: ctx.signal }),
    forceKillAfterDelay: 5_000,
  });
  trackGroup(subprocess);
  let pending = '';
  subprocess.all?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) record(line, tail, ctx.io);
  });
  const result = await subprocess;
  if (pending !== '') record(pending, tail, ctx.io);
  await appendFile(ctx.logFile, `${result.all ?? ''}\n`);
  if (result.isCanceled) throw new TtsError('ABORTED', `${command.title}: cancelled`, { cause: result });
  if (result.failed) throw installFailure(command, result.exitCode, tail, ctx.logFile, result);
}

function record(line: string, tail: string[], io: StepIO): void {
  if (line.trim() === '') return;
  tail.push(line);
  if (tail.length > TAIL_LINES) tail.shift();
  io.output(line);
}

// Installer messages that mean "the index cannot be reached", for pip and uv alike.
const UNREACHABLE = [
  /Failed to establish a new connection/i,
  /Temporary failure in name resolution/i,
  /Name or service not known/i,
  /Network is unreachable/i,
  /Connection refused/i,
  /Could not fetch URL/i,
  /dns error/i,
  /error sending request/i,
  /Failed to fetch/i,
];

/** INDEX_UNREACHABLE when the output says the network failed, else PROVISION_FAILED; both carry the tail. */
export function installFailure(command: PlannedCommand, exitCode: number | undefined, tail: readonly string[], logFile: string, cause: unknown): TtsError {
  const stderr = tail.join('\n');
  if (UNREACHABLE.some((pattern) => pattern.test(stderr))) return indexUnreachable(`${command.title}: the package index cannot be reached`, stderr, cause);
  return new TtsError('PROVISION_FAILED', `${command.title} failed (full log: ${logFile})`, {
    ...(exitCode === undefined ? {} : { exitCode }),
    stderr,
    cause,
    hint: 'Read the installer output above; fix it and run provision again (add --force to rebuild from scratch).',
  });
}

/** The error for "no package index from here", naming the two ways out. */
export function indexUnreachable(message: string, stderr: string | undefined, cause?: unknown): TtsError {
  return new TtsError('INDEX_UNREACHABLE', message, {
    ...(stderr === undefined ? {} : { stderr }),
    cause,
    hint: 'This machine cannot reach the Python package index. Either install from pre-downloaded wheels with --wheelhouse DIR (make one on a connected machine with `pip download`), or use the contract double (--engine double / `pocket-tts-runtime double wheelhouse`), which needs no index but speaks no real words.',
  });
}

/** Proxies are honoured by pip and uv but not by Node's fetch: skip the quick probe behind one. */
function behindProxy(env: NodeJS.ProcessEnv): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'].some((name) => (env[name] ?? '') !== '');
}

/**
 * Fails in seconds instead of after the installer's retries when the index host cannot be reached at
 * all (DNS failure, refused connection, timeout). Any HTTP answer counts as reachable.
 */
export async function assertReachable(url: string, env: NodeJS.ProcessEnv, timeoutMs = 5_000): Promise<void> {
  if (behindProxy(env)) return;
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
    throw indexUnreachable(`cannot reach ${url} (${reason})`, undefined, error);
  }
}
