// The Hugging Face hub cache layout of the contract's last table: pinned snapshot paths per language, at
// the pins of the release the suite holds the double to (2.1.0's are the contract's; later ones RUNTIME.md's).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { releaseFor } from '../../../src/pocket-tts/index.js';
import { targetVersion } from '../target.js';

const NO_CLONING_REPO = 'models--kyutai--pocket-tts-without-voice-cloning';
const CLONING_REPO = 'models--kyutai--pocket-tts';

function pins(language: string): { gated: string; open: string; tokenizer: { path: string; revision: string } } {
  const hub = releaseFor(targetVersion).languages[language];
  if (hub === undefined) throw new Error(`pocket-tts ${targetVersion} has no language ${language}`);
  return hub;
}

/** The commit of the gated weights (with voice cloning) for a language. */
export function gatedCommit(language: string): string {
  return pins(language).gated;
}

/** Writes empty files at the pinned snapshot paths a language needs into an HF hub cache folder. */
export async function fillHubCache(
  hub: string,
  options: { language?: string; gated?: boolean; gatedCommit?: string; voices?: string[] } = {},
): Promise<void> {
  const language = options.language ?? 'english';
  const { open, tokenizer } = pins(language);
  const voicePin = releaseFor(targetVersion).voicePin;
  const files = [
    join(NO_CLONING_REPO, 'snapshots', open, 'languages', language, 'model.safetensors'),
    join(NO_CLONING_REPO, 'snapshots', tokenizer.revision, ...tokenizer.path.split('/')),
    ...(options.voices ?? ['alba']).map((v) => join(NO_CLONING_REPO, 'snapshots', voicePin, 'languages', language, 'embeddings', `${v}.safetensors`)),
  ];
  if (options.gated ?? true) files.push(join(CLONING_REPO, 'snapshots', options.gatedCommit ?? gatedCommit(language), 'languages', language, 'model.safetensors'));
  for (const f of files) {
    const path = join(hub, f);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, '');
  }
  for (const repo of [NO_CLONING_REPO, CLONING_REPO]) {
    await mkdir(join(hub, repo, 'blobs'), { recursive: true });
    await mkdir(join(hub, repo, 'refs'), { recursive: true });
  }
}
