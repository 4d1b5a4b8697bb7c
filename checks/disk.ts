// disk: free space on the filesystem of the runtime home (re-provisioning writes ~1 GB there).
import { formatBytes, freeSpace, whyNotWritable } from '../src/preflight/facts/fs.js';
import { fail, pass, quote, warn } from '../src/preflight/facts/outcomes.js';
import { defineCheck } from '../src/preflight/facts/types.js';

/** The `disk` check. */
export const disk = defineCheck({
  id: 'disk',
  title: 'Disk space',
  needsRuntime: false,
  async run(facts) {
    const home = facts.runtime?.home ?? facts.options.home;
    const min = facts.options.minFreeBytes;
    // Free space is no use where nothing can be written (a read-only mount, a file in the way, no permission).
    const blocked = await whyNotWritable(home);
    // A provisioned runtime runs from a read-only home (an image's non-root user, a read-only root): only a
    // new provision needs to write there, and that command checks it itself.
    if (blocked !== null && facts.runtime !== null) {
      return pass(`the runtime home ${home} is read-only here (${blocked.path} ${blocked.reason}): fine for running; provisioning needs a writable home`, { home, ...blocked });
    }
    if (blocked !== null) {
      return fail(`the runtime home ${home} cannot be written: ${blocked.path} ${blocked.reason}`, `use a writable home: pocket-tts-runtime provision --home ${quote('<writable folder>')}`, { home, ...blocked });
    }
    const space = await freeSpace(home);
    if (space === null) return warn(`cannot measure free space for the runtime home ${home}`, null, { home });
    const details = { home, measuredAt: space.measuredAt, freeBytes: space.bytes, minFreeBytes: min };
    if (space.bytes >= min) return pass(`${formatBytes(space.bytes)} free for the runtime home ${home}`, details);
    const message = `${formatBytes(space.bytes)} free for the runtime home ${home}, below ${formatBytes(min)}`;
    const hint = `free space there, or use a home on a larger disk: pocket-tts-runtime provision --home ${quote('<folder with space>')}`;
    // Without a runtime the next step is a provision, which needs the room; with one, it is a risk for later.
    return facts.runtime === null ? fail(message, hint, details) : warn(`${message} (re-provisioning may run out of space)`, hint, details);
  },
});
