// docker/compose.yaml: valid against the official Compose Specification schema (vendored, see
// schemas/README.md), then the recipe's promises: healthy pool before the service, shared voices volume
// read-only in the service, resources from the pool size, the pool never published.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import {
  asObject,
  at,
  commandsOf,
  composeBytes,
  flagValue,
  poolResources,
  readCompose,
  str,
  strings,
  type Json,
  type JsonObject,
} from './support/recipes.js';

const SCHEMA = join(import.meta.dirname, 'schemas', 'compose-spec.json');

function composeValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  // `$schema` spells the draft as `…/schema#`, which is not the id Ajv registers the meta-schema under.
  delete schema.$schema;
  const ajv = new Ajv2019({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
  // The schema's draft-04 style `id`s are annotations there (Ajv 8 refuses `id` by default), and its one
  // custom format is a port or port range (numbers are checked by type only).
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  ajv.addFormat('expose', { type: 'string', validate: (v: string) => /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(v) });
  return ajv.compile(schema);
}

const validateCompose = composeValidator();
const compose = readCompose();
const services = asObject(compose.services, 'services');
const service = (name: string): JsonObject => asObject(services[name], `services.${name}`);

function errorsOf(document: Json): string[] {
  return validateCompose(document) ? [] : (validateCompose.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

function argvOf(name: string): string[] {
  return commandsOf(strings(at(service(name), 'command')))[0] ?? [];
}

describe('compose.yaml against the Compose Specification schema', () => {
  it('is valid', () => {
    expect(errorsOf(compose)).toEqual([]);
  });

  it('the schema really rejects mistakes (unknown keys, wrong condition, wrong types)', () => {
    const broken = structuredClone(compose);
    asObject(at(broken, 'services', 'sidecar'), 'sidecar').helthcheck = {};
    asObject(at(broken, 'services', 'app', 'depends_on', 'sidecar'), 'depends_on').condition = 'service_ready';
    asObject(at(broken, 'services', 'app'), 'app').read_only = ['yes'];
    const errors = errorsOf(broken).join('\n');
    expect(errors).toMatch(/services\/sidecar .*additionalProperty.*helthcheck/);
    expect(errors).toMatch(/depends_on\/sidecar\/condition must be equal to one of the allowed values/);
    expect(errors).toMatch(/services\/app\/read_only must be boolean,string/);
  });
});

describe('the two-container recipe', () => {
  it('runs the supervised pool in the sidecar on 0.0.0.0:8000, exposed to the network but never published', () => {
    const argv = argvOf('sidecar');
    expect(argv.slice(0, 6)).toEqual(['pocket-tts-runtime', 'serve', '--host', '0.0.0.0', '--port', '8000']);
    expect(at(service('sidecar'), 'ports')).toBeUndefined();
    expect(strings(at(service('sidecar'), 'expose'))).toEqual(['8000']);
    // Only the pool binds all interfaces.
    for (const [name] of Object.entries(services).filter(([n]) => n !== 'sidecar')) {
      expect(JSON.stringify(services[name])).not.toContain('0.0.0.0');
    }
  });

  it("health-checks the sidecar with the package's own check, and starts the service only once it is healthy", () => {
    const test = strings(at(service('sidecar'), 'healthcheck', 'test'));
    expect(test.slice(0, 5)).toEqual(['CMD', 'pocket-tts-runtime', 'health', '--url', 'http://127.0.0.1:8000']);
    expect(at(service('app'), 'depends_on', 'sidecar', 'condition')).toBe('service_healthy');
    expect(at(service('sidecar'), 'healthcheck', 'start_period')).toBe('120s');
  });

  it('preflights (offline, strict, same worker count) before the pool starts', () => {
    expect(at(service('sidecar'), 'depends_on', 'preflight', 'condition')).toBe('service_completed_successfully');
    const preflight = argvOf('preflight');
    expect(preflight.slice(0, 2)).toEqual(['pocket-tts-runtime', 'preflight']);
    expect(preflight).toEqual(expect.arrayContaining(['--offline', '--strict', '--server']));
    expect(flagValue(preflight, '--workers')).toBe(flagValue(argvOf('sidecar'), '--workers'));
    expect(at(service('preflight'), 'image')).toBe(at(service('sidecar'), 'image'));
    expect(at(service('preflight'), 'volumes')).toEqual(at(service('sidecar'), 'volumes'));
  });

  it('points the runner at the sidecar by URL, with as many requests at once as the pool has workers', () => {
    expect(at(service('app'), 'environment', 'POCKET_TTS_URL')).toBe('http://sidecar:8000');
    expect(at(service('app'), 'environment', 'POCKET_TTS_CONCURRENCY')).toBe(flagValue(argvOf('sidecar'), '--workers'));
  });

  it('shares the voices volume: written by the pool image, read-only (and never seeded) in the service', () => {
    const mount = (name: string, source: string) => asObject((at(service(name), 'volumes') as Json[]).find((v) => at(v, 'source') === source), `${name} ${source}`);
    expect(mount('sidecar', 'voices')).toMatchObject({ type: 'volume', target: '/app/.pocket-tts/voices' });
    expect(mount('app', 'voices')).toEqual({ type: 'volume', source: 'voices', target: '/app/.pocket-tts/voices', read_only: true, volume: { nocopy: true } });
    expect(mount('sidecar', 'hf-cache')).toMatchObject({ type: 'volume', target: '/var/cache/huggingface' });
    expect(Object.keys(asObject(compose.volumes, 'volumes')).sort()).toEqual(['hf-cache', 'voices']);
  });

  it('sizes the pool containers from --workers (RUNTIME.md formula)', () => {
    const workers = Number(flagValue(argvOf('sidecar'), '--workers'));
    const quantize = argvOf('sidecar').includes('--quantize');
    const expected = poolResources(workers, quantize);
    for (const name of ['sidecar', 'preflight']) {
      const resources = asObject(at(service(name), 'deploy', 'resources'), `${name} resources`);
      expect(Number(at(resources, 'reservations', 'cpus')), `${name} reserved cpus`).toBe(expected.requests.cpu);
      expect(Number(at(resources, 'limits', 'cpus')), `${name} cpu limit`).toBe(expected.limits.cpu);
      expect(composeBytes(str(at(resources, 'reservations', 'memory'))), `${name} reserved memory`).toBe(expected.requests.memory);
      expect(composeBytes(str(at(resources, 'limits', 'memory'))), `${name} memory limit`).toBe(expected.limits.memory);
    }
  });

  it('hardens every container: read-only root, no capabilities, no privilege escalation, init as PID 1 for long-running ones', () => {
    for (const [name, value] of Object.entries(services)) {
      expect(at(value, 'read_only'), name).toBe(true);
      expect(strings(at(value, 'cap_drop')), name).toEqual(['ALL']);
      expect(strings(at(value, 'security_opt')), name).toContain('no-new-privileges:true');
    }
    expect(at(service('sidecar'), 'init')).toBe(true);
    expect(at(service('app'), 'init')).toBe(true);
  });

  it('builds from the recipes beside it, with the HF token only as a build secret', () => {
    expect(at(service('sidecar'), 'build', 'dockerfile')).toBe('docker/Dockerfile.sidecar');
    expect(at(service('app'), 'build', 'dockerfile')).toBe('docker/Dockerfile.service');
    expect(strings(at(service('sidecar'), 'build', 'secrets'))).toEqual(['hf_token']);
    expect(at(compose, 'secrets', 'hf_token')).toEqual({ environment: 'HF_TOKEN' });
    expect(JSON.stringify(compose)).not.toMatch(/hf_[A-Za-z0-9]{10,}/);
    for (const value of Object.values(services)) expect(str(at(value, 'image'))).not.toMatch(/:latest$|^[^:]+$/);
  });
});
