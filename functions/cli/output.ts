import type { Capture } from '../core/capture/read.js';
import type { Triage } from '../core/classify.js';
import { renderTriage } from '../render/terminal.js';
import { toTriageJson } from '../render/triage-json.js';
import type { Streams } from './io.js';

/** Colour only for a person at a terminal, and never when NO_COLOR is set. */
export const useColor = (streams: Streams): boolean =>
  streams.stdout.isTTY === true && !streams.env.NO_COLOR && streams.env.TERM !== 'dumb';

export const printTriage = (triage: Triage, capture: Capture, json: boolean, streams: Streams) => {
  streams.stdout.write(
    json
      ? `${JSON.stringify(toTriageJson(triage, capture))}\n`
      : renderTriage(triage, { color: useColor(streams), width: streams.stdout.columns ?? 80 }),
  );
};
