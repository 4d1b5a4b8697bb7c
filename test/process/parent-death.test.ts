// Children die with their parent whatever kills it: SIGKILL of the Node process (no handler runs) must not
// leave a sidecar, a `generate` child, a voices helper or an installer (pip) child alive. Runs from dist/.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { doubleRuntime, tempDir } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';
import { descendantsOf, isAlive, waitUntil } from '../support/processes.js';

const DIST = join(import.meta.dirname, '..', '..', 'dist', 'src');

let started: ResultPromise | undefined;
afterEach(async () => {
  if (started?.pid !== undefined && (await isAlive(started.pid))) started.kill('SIGKILL');
  await started?.catch(() => undefined);
  started = undefined;
});

/** SIGKILLs `child` once it has `atLeast` descendants, and waits until every one of them is gone. */
async function killNineLeavesNothing(child: ResultPromise, atLeast: number): Promise<number[]> {
  started = child;
  let tree: number[] = [];
  await waitUntil(async () => (tree = await descendantsOf(child.pid ?? 0)).length >= atLeast, { what: `${atLeast} descendants`, timeoutMs: 30_000 });
  await new Promise((resolve) => setTimeout(resolve, 300)); // let them settle (exec, the model's load starts)
  tree = await descendantsOf(child.pid ?? 0);
  expect(tree.length).toBeGreaterThanOrEqual(atLeast);
  child.kill('SIGKILL');
  await child.catch(() => undefined);
  await waitUntil(async () => (await Promise.all(tree.map(isAlive))).every((alive) => !alive), { what: `no survivor of ${tree.join(', ')}`, timeoutMs: 5_000 }).catch(async (error: unknown) => {
    for (const pid of tree) if (await isAlive(pid)) process.kill(pid, 'SIGKILL'); // do not leave them to the next test
    throw error;
  });
  return tree;
}

async function script(body: string): Promise<string> {
  const file = join(await tempDir('ptr-pdeath-'), 'parent.mjs');
  await writeFile(file, body);
  return file;
}

describe('children die with their parent, whatever kills it (kill -9)', () => {
  it('`serve`: kill -9 leaves no sidecar behind', async () => {
    const runtime = await doubleRuntime({ SHUTDOWN_MS: '0' });
    const child = execa(process.execPath, [CLI, 'serve', '--executable', fixtures().doubleBin, '--workers', '2', '--port', '0'], { env: { ...runtime.env, CI: '1' }, reject: false });
    await killNineLeavesNothing(child, 2);
  });

  it('`generate`: kill -9 while pocket-tts loads leaves no child behind', async () => {
    const runtime = await doubleRuntime({ LOAD_MS: '60000' });
    const out = join(await tempDir('ptr-pdeath-gen-'), 'out.wav');
    const child = execa(process.execPath, [CLI, 'generate', '--executable', fixtures().doubleBin, '--text', 'Never finished.', '--out', out], { env: { ...runtime.env, CI: '1' }, reject: false });
    await killNineLeavesNothing(child, 1);
  });

  it('an engine process and its own children (the voices helper, any spawnEngine child): kill -9 of Node leaves none', async () => {
    const file = await script(`
import { spawnEngine } from ${JSON.stringify(join(DIST, 'process', 'index.js'))};
spawnEngine({ file: '/bin/sh', args: ['-c', 'sleep 300 & sleep 300'] }, [], { env: { PATH: process.env.PATH }, stdin: 'ignore' });
setInterval(() => undefined, 1_000);
`);
    await killNineLeavesNothing(execa(process.execPath, [file], { reject: false }), 2);
  });

  it('an installer command (provision\'s pip) and its children: kill -9 of Node leaves none', async () => {
    const file = await script(`
import { runPlanned } from ${JSON.stringify(join(DIST, 'runtime', 'install.js'))};
const io = { output: () => undefined, title: () => undefined };
await runPlanned({ title: 'pip', argv: ['/bin/sh', '-c', 'sleep 300 & sleep 300'] }, { env: { PATH: process.env.PATH }, io, logFile: ${JSON.stringify(join('/tmp', `ptr-pdeath-${process.pid}.log`))}, signal: undefined });
`);
    await killNineLeavesNothing(execa(process.execPath, [file], { reject: false }), 2);
  });
});
