// A `/metrics` handler for the caller's own HTTP server (node:http, express, anything with that shape).
import { register } from 'prom-client';
import type { MetricsRegistry } from './registry.js';

/** The response methods the handler uses (a node:http ServerResponse, an express Response…). */
export interface MetricsResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * `(req, res) => void` answering with the registry's text exposition and its content type (500 with the
 * error's message when collecting fails). Mount it on GET /metrics; it does not look at the request.
 */
export function metricsHandler(registry: MetricsRegistry = register): (req: unknown, res: MetricsResponse) => void {
  return (_req, res) => {
    registry.metrics().then(
      (body) => {
        res.statusCode = 200;
        res.setHeader('content-type', registry.contentType);
        res.end(body);
      },
      (error: unknown) => {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(`cannot collect metrics: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  };
}
