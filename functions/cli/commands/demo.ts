import {
  SCENARIOS,
  type Scenario,
  ScenarioInterruptedError,
  ScenarioStartError,
  ScenarioUnavailableError,
  scenarioById,
  withScenario,
} from '../../adapters/local/scenarios/index.js';
import { readCapture } from '../../core/capture/read.js';
import { classify } from '../../core/classify.js';
import { wrap } from '../../render/wrap.js';
import { parseCommandLine } from '../args.js';
import { CaptureFailedError, captureHere, captureOptions, openSave } from '../capture-here.js';
import { UsageError } from '../errors.js';
import type { Streams } from '../io.js';
import { printTriage } from '../output.js';

const DEFAULT_SCENARIO = 'signal-storm';

const HELP = `Usage: alert-triage demo [SCENARIO] [--seconds N] [--json] [--save FILE]
       alert-triage demo --list

Starts a real misbehaving process on this machine, lets it settle, runs the real capture
script against it, names the cause, and stops the process (also on Ctrl-C or failure).
Without SCENARIO it runs ${DEFAULT_SCENARIO}.

Options:
  --list        list the scenarios and what each reproduces
  --seconds N   capture window, 3 to 60 (default 5)
  --json        print the triage as JSON
  --save FILE   also write the capture document to FILE
  -h, --help
`;

const listing = (): string =>
  `${SCENARIOS.map((s) =>
    [
      `${s.id.padEnd(18)}${s.expectedCause.padEnd(17)}${s.title}`,
      ...wrap(s.explains, 62).map((l) => `${' '.repeat(18)}${l}`),
    ].join('\n'),
  ).join('\n\n')}\n`;

interface DemoOptions {
  seconds?: string | undefined;
  json?: boolean | undefined;
  save?: string | undefined;
}

const runScenario = async (
  scenario: Scenario,
  values: DemoOptions,
  streams: Streams,
): Promise<number> => {
  const options = captureOptions({ seconds: values.seconds ?? '5' });
  const save = await openSave(values.save);
  const say = (line: string) => {
    if (streams.stderr.isTTY) streams.stderr.write(`${line}\n`);
  };
  say(`${scenario.id}: ${scenario.explains}`);
  say(`starting it, letting it settle for ${Math.round(scenario.settleMs / 1000)} s…`);
  let text: string;
  try {
    text = await withScenario(scenario, (running, { signal }) => {
      say(`capturing pid ${running.targetPid} for ${options.seconds} s…`);
      return captureHere({ ...options, pid: running.targetPid }, streams, signal);
    });
    await save.write(text);
  } finally {
    await save.close();
  }
  say(`stopped it. Expected: ${scenario.expectedCause}.\n`);
  const capture = readCapture(text);
  printTriage(classify(capture), capture, values.json === true, streams);
  return 0;
};

export const demoCommand = {
  summary: 'reproduce a pathology here for real, triage it, and stop it',
  async run(args: string[], streams: Streams): Promise<number> {
    const parsed = parseCommandLine(
      args,
      {
        list: { type: 'boolean' },
        seconds: { type: 'string' },
        json: { type: 'boolean' },
        save: { type: 'string' },
      },
      HELP,
      streams,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (values.list) {
      streams.stdout.write(listing());
      return 0;
    }
    if (positionals.length > 1) throw new UsageError('expects at most one SCENARIO');
    const id = positionals[0] ?? DEFAULT_SCENARIO;
    const scenario = scenarioById(id);
    if (!scenario) {
      throw new UsageError(
        `unknown scenario '${id}' (one of: ${SCENARIOS.map((s) => s.id).join(', ')})`,
      );
    }
    try {
      return await runScenario(scenario, values, streams);
    } catch (error) {
      if (error instanceof ScenarioInterruptedError) {
        streams.stderr.write(`alert-triage demo: ${error.message}; the scenario was stopped\n`);
        return error.signal === 'SIGTERM' ? 143 : 130;
      }
      if (error instanceof ScenarioUnavailableError || error instanceof ScenarioStartError) {
        throw new CaptureFailedError(error.message);
      }
      throw error;
    }
  },
};
