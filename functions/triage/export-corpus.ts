/**
 * The labelled captures, as corpus files: every capture someone judged on a card, labelled with
 * the cause they said it was, in the layout of `test/fixtures/captures/corpus/<label>/<case>.txt`
 * (`# source:`, `# label:` and `# feedback:` lines, then the capture document). So real
 * incidents become test cases. The stored documents were redacted before they were stored; they
 * are redacted again here, header included, before they leave the table.
 */

import { type CauseId, PROBLEM_CAUSES, type ProblemCause } from '../core/diagnosis.js';
import { redactSecrets } from '../core/redact.js';
import { weeksBetween } from './iso-week.js';
import type { Feedback, FeedbackStore, TriageStore } from './ports.js';

/** A corpus label: a cause the classifier can name, or `healthy` (never `inconclusive`). */
export type CorpusLabel = ProblemCause | 'healthy';

const isCorpusLabel = (cause: CauseId | undefined): cause is CorpusLabel =>
  cause === 'healthy' || (PROBLEM_CAUSES as readonly string[]).includes(cause ?? '');

export interface CorpusFile {
  label: CorpusLabel;
  /** `<triageId>-<instanceId>-<command>.txt`, safe as a file name. */
  name: string;
  text: string;
}

export interface ExportOutcome {
  files: CorpusFile[];
  /** Judged captures left out, and why. */
  skipped: { triageId: string; commandId: string; reason: string }[];
}

export interface ExportCorpusDeps {
  feedback: FeedbackStore;
  store: Pick<TriageStore, 'getTriage' | 'getResult'>;
}

/** The cause a person's feedback says it was. */
const labelOf = (f: Feedback): CauseId | undefined =>
  f.verdict === 'right' ? f.shownCause : f.actualCause;

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

const safeName = (text: string): string => text.replace(/[^A-Za-z0-9.-]/g, '_');

/**
 * The captures judged since `since` (feedback given since then, on triages started in the
 * weeks from `since` to `now`). One file per capture; a capture whose judges disagree, or that
 * only `inconclusive` describes, is skipped.
 */
export const exportCorpus = async (
  window: { since: Date; now: Date; table: string },
  deps: ExportCorpusDeps,
): Promise<ExportOutcome> => {
  const weeks = weeksBetween(window.since, window.now);
  const given = (await Promise.all(weeks.map((w) => deps.feedback.feedbackOfWeek(w))))
    .flat()
    .filter((f) => Date.parse(f.at) >= window.since.getTime());
  const byCapture = new Map<string, Feedback[]>();
  for (const f of given) {
    const key = `${f.triageId}#${f.instanceId}#${f.commandId}`;
    byCapture.set(key, [...(byCapture.get(key) ?? []), f]);
  }
  const outcome: ExportOutcome = { files: [], skipped: [] };
  for (const judged of byCapture.values()) {
    const first = judged[0] as Feedback;
    const { triageId, instanceId, commandId } = first;
    const skip = (reason: string) => outcome.skipped.push({ triageId, commandId, reason });
    const labels = new Set(judged.map(labelOf));
    const [label] = labels;
    if (labels.size > 1) {
      skip(`the answers disagree (${[...labels].join(', ')})`);
      continue;
    }
    if (!isCorpusLabel(label)) {
      skip(`labelled ${label ?? 'nothing'}, which no corpus folder takes`);
      continue;
    }
    const result = await deps.store.getResult(triageId, instanceId, commandId);
    if (!result?.document) {
      skip('its capture is no longer stored');
      continue;
    }
    const record = await deps.store.getTriage(triageId);
    const alarm = record ? `, alarm ${oneLine(record.alarm.name)}` : '';
    const header = [
      `# source: alert-triage table ${window.table}, triage ${triageId}${alarm}, instance ${instanceId}, command ${commandId}, captured ${result.finishedAt}`,
      `# label: ${label} (the card said ${first.shownCause})`,
      ...judged
        .sort((a, b) => a.at.localeCompare(b.at))
        .map(
          (f) =>
            `# feedback: ${f.verdict} by ${f.by} at ${f.at}${f.actualCause ? `, it was ${f.actualCause}` : ''}`,
        ),
    ];
    const document = result.document.endsWith('\n') ? result.document : `${result.document}\n`;
    outcome.files.push({
      label,
      name: `${safeName(`${triageId}-${instanceId}-${commandId.slice(0, 8)}`)}.txt`,
      text: redactSecrets(`${header.join('\n')}\n${document}`),
    });
  }
  outcome.files.sort((a, b) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name));
  return outcome;
};
