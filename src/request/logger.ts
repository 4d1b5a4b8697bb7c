/**
 * The logger interface: pino-compatible (`logger.info(obj, msg)`), so a pino instance can be passed as
 * is. Only the four levels below are used.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** pino's child loggers carry bindings; used when present. */
  child?(bindings: object): Logger;
}

const noop = (): void => {};

/** The default: logs nothing. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** A logger with bindings merged into every line (pino's child() when available). */
export function childLogger(logger: Logger, bindings: object): Logger {
  if (typeof logger.child === 'function') return logger.child(bindings);
  return {
    debug: (obj, msg) => logger.debug({ ...bindings, ...obj }, msg),
    info: (obj, msg) => logger.info({ ...bindings, ...obj }, msg),
    warn: (obj, msg) => logger.warn({ ...bindings, ...obj }, msg),
    error: (obj, msg) => logger.error({ ...bindings, ...obj }, msg),
  };
}
