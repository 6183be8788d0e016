import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Streams } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A command's options plus `-h/--help`, parsed strictly: an unknown option is a usage error.
 * Returns null after printing `help` when it was asked for.
 */
export const parseCommandLine = <const T extends Options>(
  args: string[],
  options: T,
  help: string,
  streams: Streams,
) => {
  const parsed = parseArgs<{
    args: string[];
    allowPositionals: true;
    strict: true;
    options: T & typeof HELP_OPTION;
  }>({ args, allowPositionals: true, strict: true, options: { ...options, ...HELP_OPTION } });
  // The generic result type does not resolve `help` inside this function; callers see it.
  if ((parsed.values as { help?: boolean }).help) {
    streams.stdout.write(help);
    return null;
  }
  return parsed;
};
