// Types of eslint.layers.js (plain JavaScript, so that eslint.config.js can import it under Node 20).

/** One layer: a name for messages, and its folders (`src/x`), folder files (`src/x/*.ts`) or files (`src/x.ts`). */
export interface Layer {
  name: string;
  paths: string[];
}

/** The layers, top to bottom. */
export const LAYERS: Layer[];

/** One import-x/no-restricted-paths zone per layer below the first. */
export function layerZones(layers?: Layer[]): { target: string[]; from: string[]; message: string }[];
