import type { PlannedCommand } from '../commands.js';
import type { CommandPrefix } from '../types.js';

/** What a mode decided before anything is installed: the runtime's name and how to build and run it. */
export interface ModePlan {
  id: string;
  /** The inputs hashed into the id (recorded in runtime.json). */
  inputs: Readonly<Record<string, unknown>>;
  installer: 'uv' | 'pip' | null;
  usesUv: boolean;
  /** A one-line description for the step title (e.g. "Python 3.11.7 (/usr/bin/python3)"). */
  summary: string;
  /** URL probed for reachability before installing, or null (wheelhouse, nothing to install). */
  reachabilityUrl: string | null;
  /** Installer commands that build the runtime inside `buildDir` (empty for uvx and system). */
  commands(buildDir: string): PlannedCommand[];
  /** How to run pocket-tts and Python from a build folder. */
  prefixes(buildDir: string): { pocketTts: CommandPrefix; python: CommandPrefix | null };
}
