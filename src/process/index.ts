// Public surface of the process handling shared by the CLI runner and the server pool.
export { classifyFailure, type FailureClassification, type FailureInput } from './classify.js';
export { ENGINE_ENV_OVERRIDES, engineEnv } from './env.js';
export { EXIT_ABORT_LINE, exitFactsOf, helpWorked, isExitAbort, judgeExit, judgeShutdown, type ExitFacts, type ExitVerdict } from './exit-abort.js';
export { groupAlive, processAlive, signalGroup, signalTree } from './group.js';
export { WATCHDOG_FD, withParentDeath, type Command } from './parent-death.js';
export { LineSplitter, parseLogLine, stripAnsi, type LogLevel, type LogLine } from './log-lines.js';
export { listProcesses, parseProcStat, parseProcTimes, processStartTime, readProcStat, readStatSync, type ProcStat, type ProcTimes } from './proc.js';
export { killAllGroups, liveGroups, trackGroup, type ChildLike } from './registry.js';
export { LineRing, truncateUtf8, type LineRingOptions } from './ring.js';
export { EXCEPTION_RULES, judgeException, type ExceptionRule, type FailureContext, type Verdict } from './rules.js';
export { spawnEngine, neverStarted, startFailure, type CommandPrefix, type EngineStdin, type EngineSubprocess, type SpawnEngineOptions, type StartOutcome } from './spawn.js';
export { watchStderr, type WatchStderrOptions } from './stderr.js';
export { terminateTree, type TerminateOptions, type TerminateResult } from './terminate.js';
export { lastErrorLog, lastException, type PythonException } from './traceback.js';
export { usageError, type UsageError } from './usage.js';
export { pollUntil } from './wait.js';
