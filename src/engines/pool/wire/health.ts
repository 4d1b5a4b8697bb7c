// GET /health of a pocket-tts server: 200 means the model is loaded and the port bound.
import { request, type Agent } from 'node:http';

/** The status GET /health answered, or null when it could not be asked (refused, reset, timed out). */
export function getHealth(baseUrl: string, { timeoutMs, agent }: { timeoutMs: number; agent?: Agent }): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}/health`, { method: 'GET', agent: agent ?? false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? null));
      res.once('error', () => resolve(null));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
    req.end();
  });
}
