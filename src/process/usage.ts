// Reads a Typer/Click usage error (exit 2): plain `Error: …` or a rich box around the message.
import { stripAnsi } from './log-lines.js';

/** A usage error: its message on one line, and the option it names when one is visible. */
export interface UsageError {
  message: string;
  /** The first `--option` in the message, without dashes (`lsd-decode-steps`), or undefined. */
  option: string | undefined;
}

const BOX_SIDES = /^[\s│┃║|]+|[\s│┃║|]+$/g;
const BOX_RULE = /^[\s╭╮╰╯┏┓┗┛─━═+\-|]*(?:Error)?[\s╭╮╰╯┏┓┗┛─━═+\-|]*$/;
const OPTION = /(?:^|[\s'"(])--([A-Za-z0-9][\w-]*)/;

/** Extracts the message of the last usage error in `lines`. */
export function usageError(lines: readonly string[]): UsageError {
  const plain = lines.map(stripAnsi);
  const usageAt = plain.findLastIndex((line) => line.startsWith('Usage:'));
  const body = plain
    .slice(usageAt + 1)
    .filter((line) => !/^Try '.*' for help\.?$/.test(line.trim()) && !BOX_RULE.test(line))
    .map((line) => line.replace(BOX_SIDES, '').replace(/^Error:\s*/, ''))
    .filter((line) => line !== '');
  const message = body.join(' ').replace(/\s+/g, ' ').trim();
  return { message, option: OPTION.exec(message)?.[1] };
}
