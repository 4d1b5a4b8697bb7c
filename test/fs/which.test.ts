import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { which, whichSync } from '../../src/fs/which.js';
import { tempDir } from '../support/double-runtime.js';

describe('which / whichSync', () => {
  it('agree: the first executable FILE on the given PATH; directories, plain files and missing names are skipped', async () => {
    const root = await tempDir('ptr-which-');
    const [a, b, c] = ['a', 'b', 'c'].map((d) => join(root, d));
    for (const dir of [a!, b!, c!]) await mkdir(dir);
    await mkdir(join(a!, 'tool')); // a directory named like the tool: X_OK, but not a program
    await writeFile(join(b!, 'tool'), 'not executable');
    await writeFile(join(c!, 'tool'), '#!/bin/sh\n');
    await chmod(join(c!, 'tool'), 0o755);
    const env = { PATH: [a, '', b, c].join(':') };
    expect(await which('tool', env)).toBe(join(c!, 'tool'));
    expect(whichSync('tool', env)).toBe(join(c!, 'tool'));
    expect(await which('missing', env)).toBeUndefined();
    expect(whichSync('missing', env)).toBeUndefined();
    expect(whichSync('tool', {})).toBeUndefined();
  });

  it('agree on paths: checked as given (absolute), never looked up on PATH', async () => {
    const root = await tempDir('ptr-which-');
    const file = join(root, 'prog');
    await writeFile(file, '#!/bin/sh\n');
    await chmod(file, 0o755);
    expect(await which(file, { PATH: '' })).toBe(file);
    expect(whichSync(file, { PATH: '' })).toBe(file);
    expect(whichSync(join(root, 'nope'), { PATH: root })).toBeUndefined();
  });
});
