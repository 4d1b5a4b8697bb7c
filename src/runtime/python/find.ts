import semver from 'semver';
import { TtsError } from '../../errors/index.js';
import { PYTHON_RANGE } from '../../pins.js';
import { pythonCandidates, type PythonCandidate } from './candidates.js';
import { probePython, type PythonInfo } from './probe.js';
import { which } from '../../fs/which.js';

/** One line of the discovery log: a candidate and what became of it. */
export interface CandidateResult extends PythonCandidate {
  /** The absolute path it resolved to, when it did. */
  path?: string;
  accepted: boolean;
  /** Why it was rejected (absent when accepted). */
  reason?: string;
  version?: string;
}

/** What `findPython` needs from the caller. */
export interface FindPythonOptions {
  /** `--python`: tried first. */
  python?: string;
  /** Environment to read `POCKET_TTS_PYTHON`, `PYTHON` and `PATH` from. */
  env: NodeJS.ProcessEnv;
  /** True when the venv will be made by `python -m venv` (needs venv and ensurepip); false with uv. */
  needsVenvModule: boolean;
}

/** The accepted interpreter and the whole log that led to it. */
export interface FoundPython {
  path: string;
  info: PythonInfo;
  log: CandidateResult[];
}

/** Tries each candidate in order, probing each once; the first that fits wins. */
export async function findPython(options: FindPythonOptions): Promise<FoundPython> {
  const log: CandidateResult[] = [];
  for (const candidate of pythonCandidates(options.python, options.env)) {
    const path = await which(candidate.command, options.env);
    if (path === undefined) {
      log.push({ ...candidate, accepted: false, reason: candidate.command.includes('/') ? 'no executable file there' : 'not found on PATH' });
      continue;
    }
    const outcome = await probePython(path, options.env);
    if (!outcome.ok) {
      log.push({ ...candidate, path, accepted: false, reason: outcome.reason });
      continue;
    }
    const reason = rejection(outcome.info, options.needsVenvModule);
    log.push({ ...candidate, path, accepted: reason === undefined, version: outcome.info.version, ...(reason === undefined ? {} : { reason }) });
    if (reason === undefined) return { path, info: outcome.info, log };
  }
  throw noPythonError(log);
}

/** Why an interpreter that ran cannot be used, or undefined when it can. */
export function rejection(info: PythonInfo, needsVenvModule: boolean): string | undefined {
  const version = semver.coerce(info.version)?.version ?? info.version;
  if (!semver.satisfies(version, PYTHON_RANGE)) return `version ${info.version} is outside ${PYTHON_RANGE} (pocket-tts supports 3.10 to 3.14)`;
  if (info.implementation !== 'cpython') return `${info.implementation} is not CPython (PyTorch ships CPython wheels only)`;
  if (needsVenvModule && !info.venv) return 'its venv module is missing (Debian/Ubuntu: apt-get install python3-venv)';
  if (needsVenvModule && !info.ensurepip && !canInstallFromOutside(info)) {
    return 'it has neither ensurepip nor pip >= 22.3 to install packages into a venv (Debian/Ubuntu: apt-get install python3-venv)';
  }
  return undefined;
}

function noPythonError(log: CandidateResult[]): TtsError {
  const lines = log.map((c) => `  ✗ ${c.command} (${c.source})${c.path !== undefined && c.path !== c.command ? ` → ${c.path}` : ''}: ${c.reason ?? 'rejected'}`);
  return new TtsError('PYTHON_NOT_FOUND', `no usable Python found; tried ${log.length} candidates:\n${lines.join('\n')}`, {
    hint: 'Install Python 3.10-3.14 with venv (Debian/Ubuntu: apt-get install python3 python3-venv), or pass --python /path/to/python3 (or set POCKET_TTS_PYTHON).',
    details: { candidates: log },
  });
}

/** pip >= 22.3 can install into another interpreter (`pip --python`), so the venv needs no pip of its own. */
export function canInstallFromOutside(info: PythonInfo): boolean {
  const version = info.pip === null ? null : semver.coerce(info.pip);
  return version !== null && semver.gte(version, '22.3.0');
}
