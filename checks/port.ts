// port: in server mode, the sidecars' port range can be bound on 127.0.0.1, one port per worker at least.
import { createServer } from 'node:net';
import { fail, pass, skip, warn } from '../src/preflight/facts/outcomes.js';
import { defineCheck, type CheckOutcome, type ServerPlan } from '../src/preflight/facts/types.js';

// Enough sockets at once to be quick on wide ranges without exhausting file descriptors.
const CONCURRENCY = 64;

/** The `port` check. */
export const port = defineCheck({
  id: 'port',
  title: 'Server ports',
  needsRuntime: false,
  async run(facts) {
    const server = facts.options.server;
    if (server === null) return skip('not in server mode (--server)');
    const [from, to] = server.portRange;
    const ports = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const busy: { port: number; code: string }[] = [];
    for (let i = 0; i < ports.length; i += CONCURRENCY) {
      const results = await Promise.all(ports.slice(i, i + CONCURRENCY).map(async (p) => ({ port: p, code: await bindProblem(p) })));
      busy.push(...results.filter((r): r is { port: number; code: string } => r.code !== null));
    }
    return judgePorts(server, busy);
  },
});

/** The verdict from the ports that could not be bound (pure: exported for table tests). */
export function judgePorts(server: ServerPlan, busy: readonly { port: number; code: string }[]): CheckOutcome {
  const [from, to] = server.portRange;
  const total = to - from + 1;
  const free = total - busy.length;
  const details = { host: '127.0.0.1', portRange: [from, to], workers: server.workers, busy };
  const list = busy.slice(0, 8).map((b) => `${b.port} (${b.code})`).join(', ') + (busy.length > 8 ? ', …' : '');
  const who = `ss -ltnp 'sport >= :${from} and sport <= :${to}'`;
  if (free < server.workers) return fail(`${free} of ${total} ports in ${from}-${to} can be bound on 127.0.0.1, ${server.workers} workers need ${server.workers}; busy: ${list}`, `${who} (shows who holds them), or choose a free range: --ports FROM-TO`, details);
  if (busy.length > 0) return warn(`${free} of ${total} ports in ${from}-${to} are free for ${server.workers} workers; busy: ${list}`, who, details);
  return pass(`ports ${from}-${to} can be bound on 127.0.0.1 (${server.workers} worker${server.workers === 1 ? '' : 's'})`, details);
}

// Binds and releases at once; `exclusive` so a cluster primary's shared handle cannot mask a busy port.
async function bindProblem(p: number): Promise<string | null> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'EUNKNOWN'));
    server.listen({ host: '127.0.0.1', port: p, exclusive: true }, () => server.close(() => resolve(null)));
  });
}
