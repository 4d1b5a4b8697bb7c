/** Every leaf command, with the arguments it needs to get past parsing. */
export const EVERY_COMMAND: Record<string, string[]> = {
  setup: ['setup'],
  provision: ['provision'],
  preflight: ['preflight'],
  generate: ['generate', '--text', 'hi'],
  serve: ['serve', '--port', '0'],
  'voices export': ['voices', 'export'],
  prefetch: ['prefetch'],
  'synthetic-cache': ['synthetic-cache', '--out', 'synthetic'],
  health: ['health', '--timeout', '200'],
  bench: ['bench'],
  'double wheelhouse': ['double', 'wheelhouse', '--out', 'wheels'],
};
