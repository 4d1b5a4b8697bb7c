// Compiles src/process (and what it imports) to a temp folder with a small Node script that uses it, so
// a plain `node` child runs the real module without a loader and whatever state the rest of the tree is in.
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';

const ROOT = resolve(import.meta.dirname, '../..');

// Starts the tree script given as argument through spawnEngine, prints the group id, then ends as told:
// a signal from the test, or a line on stdin: `exit` (process.exit(0)) or `throw` (an uncaught error).
const CHILD_SCRIPT = `
import { spawnEngine } from './out/src/process/index.js';
const child = spawnEngine({ file: '/bin/sh', args: [] }, [process.argv[2]], { env: { PATH: process.env.PATH ?? '' }, stdin: 'ignore' });
child.stdout.once('data', () => process.stdout.write(JSON.stringify({ pgid: child.pid }) + '\\n'));
process.stdin.setEncoding('utf8');
process.stdin.on('data', (line) => {
  if (line.trim() === 'exit') process.exit(0);
  if (line.trim() === 'throw') throw new Error('boom');
});
`;

/** The child script (run it with `node <childScript> <tree.sh>`) and a cleanup function. */
export async function buildProcessModule(): Promise<{ childScript: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ptr-process-'));
  await execa(join(ROOT, 'node_modules/.bin/tsc'), [
    join(ROOT, 'src/process/index.ts'),
    ...['--outDir', join(dir, 'out'), '--rootDir', ROOT, '--module', 'nodenext', '--moduleResolution', 'nodenext'],
    ...['--target', 'es2023', '--lib', 'es2023', '--types', 'node', '--skipLibCheck', '--strict', '--verbatimModuleSyntax', '--ignoreConfig'],
  ]);
  // ESM like the package, and its dependencies (execa, signal-exit) resolvable from the temp folder.
  await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  await writeFile(join(dir, 'child.mjs'), CHILD_SCRIPT);
  return { childScript: join(dir, 'child.mjs'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}
