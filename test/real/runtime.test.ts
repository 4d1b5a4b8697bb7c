// The runtime the tier provisioned through the product's own CLI: the pinned release, the asked-for CPU
// torch from the local folder (never the machine's pip configuration), no CUDA anywhere, and a re-run
// that reuses it.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { real } from './fixtures.js';

describe('the provisioned real runtime', () => {
  it('holds the pinned pocket-tts and the CPU torch asked for, and no CUDA library', async () => {
    const r = real();
    expect(r.runtime.versions).toMatchObject({ pocketTts: r.version, torch: r.torchVersion });
    const probe = await execa(r.runtime.python, ['-c', [
      'import json, torch, importlib.metadata as m',
      'names = sorted(d.metadata["Name"] for d in m.distributions())',
      'print(json.dumps({"cuda": torch.version.cuda, "available": torch.cuda.is_available(), "nvidia": [n for n in names if n.lower().startswith(("nvidia", "triton"))]}))',
    ].join('\n')]);
    expect(JSON.parse(probe.stdout)).toEqual({ cuda: null, available: false, nvidia: [] });
  });

  it('provisioning again with the same inputs reuses it', async () => {
    const r = real();
    const again = await execa(process.execPath, [CLI, 'provision', ...r.provisionArgs, '--json'], { env: { CI: '1' } });
    expect(JSON.parse(again.stdout)).toMatchObject({ id: r.runtime.id, reused: true });
  });
});
