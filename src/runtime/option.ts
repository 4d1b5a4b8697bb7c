// The one way an API option names a runtime.
import { resolveRuntime, type ResolveRuntimeOptions } from './resolve.js';
import type { Runtime } from './types.js';

/** A runtime as an option: a Runtime, a runtime id or folder in the home, or resolveRuntime() options. */
export type RuntimeOption = Runtime | string | ResolveRuntimeOptions;

/** The Runtime an option names (nothing: the home's current runtime). */
export async function runtimeFrom(option: RuntimeOption | undefined): Promise<Runtime> {
  if (option === undefined) return resolveRuntime({});
  if (typeof option === 'string') return resolveRuntime({ runtime: option });
  return 'schemaVersion' in option ? option : resolveRuntime(option);
}
