import { inject } from 'vitest';

/** What global setup built once for the whole run. */
export interface Fixtures {
  /** Temp folder holding everything below (removed after the run). */
  root: string;
  /** The Python used to build venvs. */
  python: string;
  /** The contract double's wheels (pocket-tts 2.1.0+double, torch 2.13.0+cpu double). */
  wheelhouse: string;
  /** A venv with the double installed from the wheelhouse by real pip. */
  venv: string;
  /** `pocket-tts` of that venv. */
  doubleBin: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    fixtures: Fixtures;
  }
}

/** The run's shared fixtures. */
export function fixtures(): Fixtures {
  return inject('fixtures');
}
