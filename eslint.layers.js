// The house's layers, top to bottom: a file may import its own layer and the layers below it, never one
// above (RUNTIME.md, "Architecture"). eslint.config.js turns this list into import-x/no-restricted-paths
// zones, so `npm test` (which lints first) fails when an import points up.
export const LAYERS = [
  { name: 'CLI', paths: ['src/cli'] },
  { name: 'public API barrel', paths: ['src/index.ts'] },
  { name: 'applications (setup, the serve front, bench)', paths: ['src/setup', 'src/serve', 'src/bench'] },
  { name: 'API (createTts, preflight runner, prefetch, synthetic cache)', paths: ['src/tts', 'src/preflight/*.ts', 'src/prefetch', 'src/synthetic'] },
  { name: 'checks', paths: ['checks'] },
  { name: 'voices', paths: ['src/voices'] },
  { name: 'pool engine (root)', paths: ['src/engines/pool/*.ts'] },
  { name: 'pool dispatch', paths: ['src/engines/pool/dispatch'] },
  { name: 'pool fleet', paths: ['src/engines/pool/fleet'] },
  { name: 'pool wire', paths: ['src/engines/pool/wire'] },
  { name: 'CLI engine', paths: ['src/engines/cli'] },
  { name: 'engine contract', paths: ['src/engines/*.ts'] },
  { name: 'metrics', paths: ['src/metrics'] },
  { name: 'events', paths: ['src/events'] },
  { name: 'preflight facts', paths: ['src/preflight/facts'] },
  { name: 'runtime', paths: ['src/runtime'] },
  { name: 'process, /health client, double', paths: ['src/process', 'src/health', 'src/double'] },
  { name: 'hub files', paths: ['src/hub'] },
  { name: 'request model', paths: ['src/request'] },
  { name: 'base (config, tasks, fs, audio)', paths: ['src/config', 'src/tasks', 'src/fs', 'src/audio'] },
  { name: 'base (errors, pins, supported releases, assets)', paths: ['src/errors', 'src/pins.ts', 'src/pocket-tts', 'src/assets.ts'] },
];

// Every path as a glob (the rule wants a zone's `from` all globs or none): a folder's files, or one file.
function glob(path) {
  if (path.endsWith('.ts')) {
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1, -'.ts'.length);
    return name === '*' ? path : `${path.slice(0, slash)}/+(${name}).ts`;
  }
  return `${path}/**`;
}

/** One zone per layer: its files may not import any file of the layers above it. */
export function layerZones(layers = LAYERS) {
  return layers.slice(1).map((layer, i) => ({
    target: layer.paths.map(glob),
    from: layers.slice(0, i + 1).flatMap((upper) => upper.paths.map(glob)),
    message: `The ${layer.name} layer may import only its own layer and those below it (eslint.layers.js).`,
  }));
}
