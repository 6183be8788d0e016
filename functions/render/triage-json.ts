import type { Capture } from '../core/capture/read.js';
import type { Triage } from '../core/classify.js';

/** The JSON contract of `classify`/`local`/`demo --json` that other tools rely on. */
export const toTriageJson = (triage: Triage, capture: Capture) => ({
  cause: triage.cause,
  confidence: triage.confidence,
  headline: triage.headline,
  diagnoses: triage.diagnoses.map((d) => ({
    cause: d.cause,
    confidence: d.confidence,
    summary: d.summary,
    ...(d.chain ? { chain: d.chain } : {}),
    ...(d.pid !== undefined ? { pid: d.pid } : {}),
    evidence: d.evidence,
    fixes: d.fixes,
  })),
  ruledOut: triage.ruledOut,
  missing: triage.missing,
  capture: {
    metadata: capture.metadata,
    blocks: capture.blocks.map((b) => ({
      command: b.command,
      tool: b.tool,
      parsed: b.status === 'parsed',
      ...(b.status === 'failed' ? { error: b.error } : {}),
    })),
  },
});
