import { Listr, PRESET_TIMER } from 'listr2';
import { isTtsError } from '../errors/index.js';
import type { Step } from '../tasks/steps.js';

/** Plain line output (no spinners, no cursor movement) without a TTY, in CI, or with NO_COLOR. */
export function plainOutput(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.stdout.isTTY !== true || (env.CI ?? '') !== '' || (env.NO_COLOR ?? '') !== '';
}

/** The list options every task list of the CLI uses: plain lines without a TTY, timers, visible skips. */
export function listrOptions({ exitOnError }: { exitOnError: boolean }) {
  const plain = plainOutput();
  return {
    concurrent: false,
    exitOnError,
    registerSignalListeners: false,
    renderer: plain ? ('simple' as const) : ('default' as const),
    rendererOptions: { timer: PRESET_TIMER, collapseSkips: false, showSkipMessage: true },
    fallbackRenderer: 'simple' as const,
    fallbackRendererOptions: { timer: PRESET_TIMER },
  };
}

/**
 * Runs steps as a listr2 task list: installer output streams under the running task in a terminal and
 * as plain lines without one. The steps are the same objects the API runs without a view.
 */
export async function runStepsWithListr<C>(steps: readonly Step<C>[], ctx: C): Promise<void> {
  let failure: { error: unknown } | undefined;
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      rendererOptions: { outputBar: 8, persistentOutput: false },
      skip: () => step.skip?.(ctx) ?? false,
      task: async (_: unknown, task: { output: string; title: string }) => {
        try {
          const message = await step.run(ctx, {
            output: (line) => {
              task.output = line;
            },
            setTitle: (title) => {
              task.title = title;
            },
          });
          if (typeof message === 'string' && message !== '' && !task.title.includes(message)) task.title = `${task.title} (${message})`;
        } catch (error) {
          // The list marks the step with the code only; the whole report (message, stderr, fix) is printed
          // once, after the list, by the CLI's error output (it was printed twice).
          failure = { error };
          throw new Error(isTtsError(error) ? error.code : 'INTERNAL', { cause: error });
        }
      },
    })),
    listrOptions({ exitOnError: true }),
  );
  try {
    await list.run();
  } catch (error) {
    throw failure === undefined ? error : failure.error;
  }
}
