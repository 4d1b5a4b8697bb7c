// The import-boundary rule: layers point down, and every file of src/ and checks/ belongs to a layer.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS, layerZones } from '../../eslint.layers.js';

const ROOT = join(import.meta.dirname, '..', '..');

// Only the boundary rule, as eslint.config.js configures it (no type information needed).
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { 'import-x': importX },
      settings: { 'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })] },
      rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: layerZones() }] },
    },
  ],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((m) => m.message);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('import boundaries (eslint.layers.js)', () => {
  it('refuse an import that points up a layer, type-only imports included', async () => {
    expect(await problems('src/request/probe.ts', "import { createTts } from '../tts/index.js';\nvoid createTts;\n")).toEqual([
      expect.stringContaining('The request model layer may import only its own layer and those below it'),
    ]);
    expect(await problems('src/engines/pool/wire/probe.ts', "import type { Pool } from '../dispatch/pool.js';\nexport type P = Pool;\n")).toHaveLength(1);
    expect(await problems('src/events/probe.ts', "import type { Pool } from '../engines/pool/dispatch/pool.js';\nexport type P = Pool;\n")).toHaveLength(1);
    expect(await problems('checks/probe.ts', "import { preflight } from '../src/preflight/preflight.js';\nvoid preflight;\n")).toHaveLength(1);
  });

  it('accept imports of the same layer and of the layers below', async () => {
    expect(await problems('src/tts/probe.ts', "import { createPool } from '../engines/pool/create.js';\nimport { TtsError } from '../errors/index.js';\nvoid createPool;\nvoid TtsError;\n")).toEqual([]);
    expect(await problems('src/engines/pool/dispatch/probe.ts', "import { AudioTap } from './tap.js';\nimport { postTts } from '../wire/client.js';\nvoid AudioTap;\nvoid postTts;\n")).toEqual([]);
    expect(await problems('checks/probe.ts', "import { pass } from '../src/preflight/facts/outcomes.js';\nvoid pass;\n")).toEqual([]);
  });

  it('place every file of src/ and checks/ in exactly one layer', () => {
    // A layer path is a folder (all below it), `dir/*.ts` (the files of dir itself) or one file.
    const holds = (path: string, file: string): boolean =>
      path.endsWith('/*.ts') ? dirname(file) === path.slice(0, -'/*.ts'.length) : path.endsWith('.ts') ? file === path : file.startsWith(`${path}/`);
    const homeless = [...sourceFiles('src'), ...sourceFiles('checks')].filter((file) => LAYERS.filter((layer) => layer.paths.some((path) => holds(path, file))).length !== 1);
    expect(homeless).toEqual([]);
  });
});
