import type { Capture } from '../core/capture/read.js';
import type { Triage } from '../core/classify.js';
import type { DiagnosedCapture } from '../core/diagnose.js';
import type { FactOptions } from '../core/facts/derive.js';
import { renderTriage } from '../render/terminal.js';
import { toTriageJson } from '../render/triage-json.js';
import type { Streams } from './io.js';
import { cliCard, deliverSlack, type SlackTargets } from './slack-output.js';

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

/**
 * What `classify` and `local` do with a diagnosed capture: print the triage (unless the Slack
 * card replaces it on stdout) and deliver the card where `--slack-*` asked.
 */
export const reportCapture = (
  command: string,
  { document, capture, triage }: DiagnosedCapture,
  context: FactOptions,
  json: boolean,
  slack: SlackTargets,
  streams: Streams,
): Promise<number> => {
  if (!slack.json) printTriage(triage, capture, json, streams);
  return deliverSlack(
    command,
    slack,
    (interactive) => cliCard(triage, capture, document, context, interactive),
    streams,
  );
};
