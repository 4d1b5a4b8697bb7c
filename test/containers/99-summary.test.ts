// The numbers this run measured, in one place (and as JSON when POCKET_TTS_CONTAINERS_REPORT names a file).
// Builds reuse podman's layer cache and the stand-in bases across runs: a first run on a machine is slower.
import { expect, it } from 'vitest';
import { measured, writeReport } from './support/report.js';

it('prints what the tier measured', () => {
  const rows = measured();
  console.log(`container tier measurements (wall time on this machine, shared cores: numbers under contention):\n${rows.map((m) => `  ${m.what}: ${m.value}`).join('\n')}`);
  const file = writeReport();
  if (file !== null) console.log(`  written to ${file}`);
  expect(rows.length).toBeGreaterThan(0);
});
