/**
 * A step of a long job (provision, voice export, setup). The API runs steps plainly and reports events;
 * the CLI runs the same steps inside a listr2 task list. One definition, two views.
 */
export interface Step<C> {
  title: string;
  /** Returns a reason to skip this step for this context, or false to run it. */
  skip?: (ctx: C) => string | false;
  run: (ctx: C, io: StepIO) => Promise<string | void>;
}

/** What a running step may report: output lines (installer logs) and a changed title. */
export interface StepIO {
  output(line: string): void;
  setTitle(title: string): void;
}

/** Progress events, for callers that want to log or render progress themselves. */
export type StepEvent =
  | { type: 'start'; title: string }
  | { type: 'output'; title: string; line: string }
  | { type: 'skip'; title: string; reason: string }
  | { type: 'done'; title: string; message?: string; durationMs: number }
  | { type: 'fail'; title: string; error: unknown; durationMs: number };

/** Receives step events; every API that runs steps accepts one as `onEvent`. */
export type StepListener = (event: StepEvent) => void;

/** Runs steps in order without any UI, forwarding events; the first failure stops the run and is rethrown. */
export async function runSteps<C>(steps: readonly Step<C>[], ctx: C, onEvent: StepListener = () => {}): Promise<void> {
  for (const step of steps) {
    let title = step.title;
    const reason = step.skip?.(ctx);
    if (typeof reason === 'string') {
      onEvent({ type: 'skip', title, reason });
      continue;
    }
    onEvent({ type: 'start', title });
    const started = performance.now();
    const io: StepIO = {
      output: (line) => onEvent({ type: 'output', title, line }),
      setTitle: (next) => {
        title = next;
      },
    };
    try {
      const message = await step.run(ctx, io);
      onEvent({ type: 'done', title, durationMs: performance.now() - started, ...(typeof message === 'string' ? { message } : {}) });
    } catch (error) {
      onEvent({ type: 'fail', title, error, durationMs: performance.now() - started });
      throw error;
    }
  }
}
