// docker/Dockerfile built for real and started with no network: preflight passes, `generate` and the
// service (CMD node .) give whole WAVs, it runs as UID 10001 within the size budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IGNORED_SENTINELS } from './support/context.js';
import { describeEngines, LANGUAGE, CATALOG_VOICES } from './support/engines.js';
import { budgetCheck, placesHolding, preflightProblems, sampleText, sizeBudget, waitUntil, wholeWav } from './support/checks.js';
import { buildImage, formatBytes, HF_TOKEN_STAND_IN, type BuiltImage } from './support/images.js';
import { imageFacts, podman, podmanBytes, RUN_PREFIX, volumeFrom } from './support/podman.js';
import { standIns } from './support/standins.js';
import { measure, seconds } from './support/report.js';

const APP_UID = '10001';
// As Compose and Kubernetes run it: read-only root, writable tmpfs where pocket-tts and the checks write.
const HARDENED = ['--read-only', '--read-only-tmpfs=false', '--tmpfs', '/tmp', '--tmpfs', '/home/app/.cache', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];

await describeEngines('docker/Dockerfile', 'single', (engine) => {
  let image: BuiltImage;
  let hfCache: string;
  const offline = () => ['--network', 'none', '--volume', `${hfCache}:/var/cache/huggingface`, '--env', 'HF_HUB_OFFLINE=1'];

  beforeAll(async () => {
    hfCache = await volumeFrom(`single-${engine.name}-hf`, await engine.hfCache(), Number(APP_UID));
  });

  it(`builds (POCKET_TTS_ENGINE=${engine.name}, PREFETCH=0)`, async () => {
    image = await buildImage('Dockerfile', engine);
    measure({ what: `build docker/Dockerfile (${engine.name})`, value: `${seconds(image.ms)}, ${image.cachedSteps} of ${image.steps} steps from the layer cache`, ms: image.ms });
  });

  it(`stays within RUNTIME.md's size budget (${formatBytes(sizeBudget())}, on python:slim with the English model files)`, async () => {
    const base = await imageFacts((await standIns()).python.tag);
    const check = budgetCheck(image.size, base!.size, engine.buildArgs.PREFETCH === '1');
    measure({ what: `image size docker/Dockerfile (${engine.name})`, value: `${formatBytes(image.size)} (budget check: ${check.explanation})`, bytes: image.size });
    expect(check.comparable).toBeLessThanOrEqual(check.budget);
  });

  it('holds no trace of the hf_token build secret (files, history, config)', async () => {
    expect(await placesHolding(image.tag, HF_TOKEN_STAND_IN)).toEqual([]);
  });

  it(`runs as the non-root UID ${APP_UID} (numeric USER, so runAsNonRoot can verify it)`, async () => {
    expect(image.user).toBe(`${APP_UID}:${APP_UID}`);
    const id = await podman(['run', '--rm', '--network', 'none', image.tag, 'id', '-u']);
    expect(id.stdout.trim()).toBe(APP_UID);
  });

  it('holds none of the files its .dockerignore excludes (.env, node_modules, .pocket-tts, .git, *.pem)', async () => {
    const script = 'for f in "$@"; do if [ -e "/app/$f" ]; then echo "$f"; fi; done';
    const found = await podman(['run', '--rm', '--network', 'none', image.tag, 'sh', '-c', script, 'sh', ...IGNORED_SENTINELS]);
    expect(found.exitCode, found.all).toBe(0);
    expect(found.stdout.trim()).toBe('');
  });

  it.skip('PREFETCH=1 (the default) is not run here: its weights-1 stage downloads the model from the Hugging Face Hub, which these machines cannot reach (the double\'s prefetch writes nothing, so its verify-1 offline preflight fails too); the HF cache comes in as a volume instead, filled where prefetch would fill it', () => undefined);

  it('with no network, as built: preflight passes', async () => {
    const result = await podman(['run', '--rm', '--network', 'none', image.tag, 'pocket-tts-runtime', 'preflight']);
    expect(result.exitCode, result.all).toBe(0);
    expect(preflightProblems(result.all).filter((p) => p.mark === '✗')).toEqual([]);
  });

  it(`with no network and the HF cache volume: preflight --offline${engine.strictPasses ? ' --strict' : ''} passes and generate gives whole WAVs (default, catalog and exported voices)`, async () => {
    // --strict where it can pass: the double's "no real speech" warning fails it by design.
    const strict = engine.strictPasses ? ['--strict'] : [];
    const preflight = await podman(['run', '--rm', ...offline(), image.tag, 'pocket-tts-runtime', 'preflight', '--offline', ...strict, '--language', LANGUAGE, '--voices', CATALOG_VOICES.join(',')]);
    expect(preflight.exitCode, preflight.all).toBe(0);
    const text = sampleText(120);
    // Each voice in its own container; the WAV is written (atomically) to a file, then copied out.
    const script = 'pocket-tts-runtime generate -q --text "$TEXT" ${VOICE:+--voice "$VOICE"} --out /tmp/out.wav >&2 && cat /tmp/out.wav';
    const voices = ['narrator', CATALOG_VOICES[0], ''];
    const started = performance.now();
    for (const voice of voices) {
      const out = await podmanBytes(['run', '--rm', ...offline(), '--env', `TEXT=${text}`, '--env', `VOICE=${voice}`, image.tag, 'sh', '-c', script]);
      expect(out.exitCode, out.stderr).toBe(0);
      const wav = wholeWav(out.stdout);
      expect(wav.seconds).toBeGreaterThan(1);
    }
    measure({ what: `3 × podman run … generate (${engine.name}, ${text.length} chars)`, value: seconds(performance.now() - started), ms: performance.now() - started });
  });

  it('hardened (--read-only, tmpfs /tmp and ~/.cache, no capabilities): preflight --offline passes and generate works', async () => {
    const script = 'pocket-tts-runtime preflight --offline --language "$1" --voices "$2" >&2 && pocket-tts-runtime generate -q --text "Read-only and offline." --out /tmp/out.wav >&2 && cat /tmp/out.wav';
    const out = await podmanBytes(['run', '--rm', ...offline(), ...HARDENED, image.tag, 'sh', '-c', script, 'sh', LANGUAGE, CATALOG_VOICES.join(',')]);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(wholeWav(out.stdout).seconds).toBeGreaterThan(0.5);
  });

  describe('the service (CMD ["node", "."]), with no network', () => {
    const name = `${RUN_PREFIX}-single-${engine.name}`;
    afterAll(() => podman(['rm', '--force', '--volumes', '--time', '0', name]));

    it('starts, and its HEALTHCHECK (pocket-tts-runtime health) turns healthy', async () => {
      const run = await podman(['run', '--detach', '--name', name, ...offline(), ...HARDENED, image.tag]);
      expect(run.exitCode, run.all).toBe(0);
      const started = performance.now();
      await waitUntil(async () => (await podman(['healthcheck', 'run', name])).exitCode === 0, { timeoutMs: 120_000, intervalMs: 1_000, what: `${name} to pass its HEALTHCHECK` });
      measure({ what: `service healthy after (${engine.name})`, value: seconds(performance.now() - started), ms: performance.now() - started });
    });

    it('answers POST /speak with a whole WAV (exported voice)', async () => {
      const script = `const r = await fetch('http://127.0.0.1:3000/speak', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: process.argv[1], voice: process.argv[2] }) });
if (!r.ok) { console.error(r.status, await r.text()); process.exit(1); }
process.stdout.write(Buffer.from(await r.arrayBuffer()));`;
      const out = await podmanBytes(['exec', name, 'node', '--input-type=module', '-e', script, sampleText(200), 'narrator']);
      expect(out.exitCode, out.stderr).toBe(0);
      expect(wholeWav(out.stdout).seconds).toBeGreaterThan(1);
    });

    it('stops on SIGTERM with exit 0 (Node is PID 1 and closes the runner)', async () => {
      const stop = await podman(['stop', '--time', '30', name]);
      expect(stop.exitCode, stop.all).toBe(0);
      const state = await podman(['inspect', name, '--format', '{{.State.ExitCode}}']);
      expect(state.stdout.trim()).toBe('0');
      measure({ what: `service stop on SIGTERM (${engine.name})`, value: seconds(stop.ms), ms: stop.ms });
    });
  });
});
