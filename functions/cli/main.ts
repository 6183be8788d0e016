import { CaptureFailedError } from './capture-here.js';
import { classifyCommand } from './commands/classify.js';
import { compareCommand } from './commands/compare.js';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { localCommand } from './commands/local.js';
import { parseCommand } from './commands/parse.js';
import { UsageError } from './errors.js';
import type { Streams } from './io.js';

interface Command {
  summary: string;
  run(args: string[], streams: Streams): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  classify: classifyCommand,
  compare: compareCommand,
  demo: demoCommand,
  export: exportCommand,
  local: localCommand,
  parse: parseCommand,
};

const usage = (): string =>
  [
    'Usage: alert-triage <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`),
    '',
    'Run `alert-triage <command> --help` for the options of one command.',
    '',
  ].join('\n');

/** Runs the CLI; returns the exit code (0 done, 2 usage or input error). Never throws. */
export const main = async (argv: string[], streams: Streams): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    streams[name === undefined ? 'stderr' : 'stdout'].write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    streams.stderr.write(`alert-triage: unknown command '${name}' (try --help)\n`);
    return 2;
  }
  try {
    return await command.run(rest, streams);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      streams.stderr.write(`alert-triage ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    if (error instanceof CaptureFailedError) {
      streams.stderr.write(`alert-triage ${name}: ${error.message}\n`);
      return 1;
    }
    streams.stderr.write(`alert-triage ${name}: unexpected error: ${String(error)}\n`);
    return 1;
  }
};

const isParseArgsError = (error: unknown): boolean =>
  error instanceof Error && /^ERR_PARSE_ARGS_/.test((error as NodeJS.ErrnoException).code ?? '');
