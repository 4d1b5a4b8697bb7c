// The `pocket-tts serve` command line of a sidecar.

/** How the sidecars' model is loaded: per server in upstream, so per pool here. */
export interface ModelSettings {
  /** A built-in language (upstream default english); exclusive with `config`. */
  language?: string | undefined;
  /** A local pocket-tts YAML config. */
  config?: string | undefined;
  /** int8 dynamic quantization. */
  quantize?: boolean | undefined;
}

/** `serve --host H --port P` plus the model settings; never `--reload`. */
export function serveArgs(host: string, port: number, model: ModelSettings): string[] {
  const argv = ['serve', '--host', host, '--port', String(port)];
  if (model.language !== undefined) argv.push('--language', model.language);
  if (model.config !== undefined) argv.push('--config', model.config);
  if (model.quantize === true) argv.push('--quantize');
  return argv;
}
