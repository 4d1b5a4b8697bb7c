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
