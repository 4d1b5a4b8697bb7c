// Stand-in base images: no registry is reachable here, so the images the recipes start FROM are made
// locally (debootstrap + Debian's Python, Node from the npm registry) and reused while their inputs hold.
import { describe, expect, it } from 'vitest';
import { satisfies } from 'semver';
import { PYTHON_RANGE } from '../../src/pins.js';
import { readDockerfile } from '../docker/support/recipes.js';
import { podman } from './support/podman.js';
import { measure, seconds } from './support/report.js';
import { standIns } from './support/standins.js';

describe('stand-in base images (made locally, cached by their inputs)', () => {
  it('debootstraps Debian, then adds Python and Node under the names the recipes pull', async () => {
    const bases = await standIns();
    for (const image of [bases.debian, bases.python, bases.node]) {
      measure({ what: `stand-in ${image.tag}`, value: image.cached ? 'cached (inputs unchanged)' : `built in ${seconds(image.ms)}`, ms: image.ms });
    }
    expect(bases.release).toBe(readDockerfile('Dockerfile').globalArgs.get('DEBIAN_RELEASE'));
    expect(bases.nodeVersion).toBe(readDockerfile('Dockerfile').globalArgs.get('NODE_VERSION'));
    expect(satisfies(bases.pythonVersion, PYTHON_RANGE), `Python ${bases.pythonVersion} in ${PYTHON_RANGE}`).toBe(true);
  });

  it('python stand-in: python3 with venv and ensurepip (what a venv runtime needs), like python:slim', async () => {
    const { python } = await standIns();
    const result = await podman(['run', '--rm', '--network', 'none', python.tag, 'python3', '-c', 'import venv, ensurepip, ssl; print("ok")']);
    expect(result.all).toContain('ok');
    expect(result.exitCode).toBe(0);
  });

  it('node stand-in: node and npm on PATH, the node user with UID 1000, like node:slim', async () => {
    const { node, nodeVersion } = await standIns();
    const result = await podman(['run', '--rm', '--network', 'none', node.tag, 'sh', '-c', 'node --version && npm --version >/dev/null && id -u node']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([`v${nodeVersion}`, '1000']);
  });
});
