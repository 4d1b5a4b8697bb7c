// The Hugging Face hub cache layout of the contract's last table: pinned snapshot paths per language.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const NO_CLONING_REPO = 'models--kyutai--pocket-tts-without-voice-cloning';
const CLONING_REPO = 'models--kyutai--pocket-tts';
const WEIGHTS_COMMIT = 'd29db7978e464fb90cb3359ee0c69a273b9142cc';
const VOICES_COMMIT = 'e041936c75475d350b405bc870bcf7c22da4e9e6';
const GATED_COMMIT = '39592ff23c9ef80098bb74895d104c26275fe2c9';
const GATED_COMMIT_2026_04 = '19f95fe2df36e79fbd9f10008595cc4c977a0fcc';

/** The commit of the gated weights (with voice cloning) for a language. */
export function gatedCommit(language: string): string {
  return language === 'english_2026-04' ? GATED_COMMIT_2026_04 : GATED_COMMIT;
}

/** Writes empty files at the pinned snapshot paths a language needs into an HF hub cache folder. */
export async function fillHubCache(
  hub: string,
  options: { language?: string; gated?: boolean; gatedCommit?: string; voices?: string[] } = {},
): Promise<void> {
  const language = options.language ?? 'english';
  const files = [
    join(NO_CLONING_REPO, 'snapshots', WEIGHTS_COMMIT, 'languages', language, 'model.safetensors'),
    language === 'english_2026-01'
      ? join(NO_CLONING_REPO, 'snapshots', WEIGHTS_COMMIT, 'tokenizer.model')
      : join(NO_CLONING_REPO, 'snapshots', WEIGHTS_COMMIT, 'languages', language, 'tokenizer.model'),
    ...(options.voices ?? ['alba']).map((v) => join(NO_CLONING_REPO, 'snapshots', VOICES_COMMIT, 'languages', language, 'embeddings', `${v}.safetensors`)),
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
