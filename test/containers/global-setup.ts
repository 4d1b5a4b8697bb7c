// Before the container tier: podman and debootstrap must be installed (.ci/run installs them), and objects
// left by an earlier run that died (pods, containers, volumes named ptr-ct-<pid>-…) are removed. Its scratch
// files go away at the end unless POCKET_TTS_CONTAINERS_KEEP is set (build logs to read after a failure).
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podman, removeRunObjects, RUN_TMP } from './support/podman.js';

export default async function setup(): Promise<() => Promise<void>> {
  for (const tool of ['podman', 'debootstrap', 'runc']) {
    const found = await execa('sh', ['-c', `command -v ${tool}`], { reject: false });
    if (found.exitCode !== 0) throw new Error(`${tool} is not installed: apt-get update && apt-get install -y podman runc debootstrap`);
  }
  const version = await podman(['version', '--format', '{{.Client.Version}}']);
  if (version.exitCode !== 0) throw new Error(`podman does not work here:\n${version.all}`);
  console.log(`container tier: podman ${version.stdout.trim()} (runc, cgroupfs: test/containers/containers.conf)`);
  for (const prefix of await deadRunPrefixes()) await removeRunObjects(prefix);
  for (const dir of await readdir(tmpdir())) {
    const pid = /^ptr-ct-(\d+)-/.exec(dir)?.[1];
    if (pid !== undefined && !existsSync(`/proc/${pid}`)) await rm(join(tmpdir(), dir), { recursive: true, force: true });
  }
  return async () => {
    await removeRunObjects();
    if (process.env.POCKET_TTS_CONTAINERS_KEEP === undefined) await rm(RUN_TMP, { recursive: true, force: true });
    else console.log(`container tier: scratch files (build logs, app context) kept in ${RUN_TMP}`);
  };
}

// Names carry the pid of the run that made them; a run whose process is gone left them behind.
async function deadRunPrefixes(): Promise<string[]> {
  const listed = await Promise.all([
    podman(['pod', 'ps', '--format', '{{.Name}}']),
    podman(['ps', '--all', '--format', '{{.Names}}']),
    podman(['volume', 'ls', '--format', '{{.Name}}']),
  ]);
  const pids = new Set(listed.flatMap((r) => r.stdout.split('\n')).flatMap((name) => /^ptr-ct-(\d+)-/.exec(name)?.[1] ?? []));
  return [...pids].filter((pid) => !existsSync(`/proc/${pid}`)).map((pid) => `ptr-ct-${pid}`);
}
