/**
 * The fix buttons ("Switch to unlimited", "Set DD_PROFILING_ENABLED=false on …", "Restart …"):
 * the kind of fix comes from the action id, the capture from the value (`<triageId>:<n>`), and
 * what to change is derived again from the stored capture by the use case. An applied fix is
 * announced in the card's thread and logged as a structured audit record.
 */
import { readRemedyValue, remedyKindOf } from '../../render/slack/actions.js';
import type { RemedyActions, RemedyLedger } from '../../triage/ports.js';
import {
  type RemediateDeps,
  type RemediateOutcome,
  remediate as remediateUseCase,
} from '../../triage/remediate.js';
import type { RerunCaptureDeps } from '../../triage/rerun-capture.js';
import { type Announce, postAudit } from '../audit.js';
import type { ButtonClick, ButtonListener } from '../interaction.js';
import { auditLine, REMEDY_REPLIES } from '../remedy-replies.js';

/** Present only when remediation is enabled. */
export interface RemediationWiring {
  approvers: readonly string[];
  remedies: RemedyActions;
  ledger: RemedyLedger;
  /** Posts the audit line; `response_url` into the thread by default. */
  announce?: Announce;
}

export type RemediationListenerDeps = RerunCaptureDeps & { remediation?: RemediationWiring };

const replyFor = (outcome: RemediateOutcome): string => {
  switch (outcome.kind) {
    case 'not-approver':
      return REMEDY_REPLIES.notApprover;
    case 'expired':
      return REMEDY_REPLIES.expired;
    case 'resolved':
      return REMEDY_REPLIES.resolved;
    case 'no-longer-offered':
      return REMEDY_REPLIES.noLongerOffered;
    case 'already-done':
      return REMEDY_REPLIES.alreadyDone(outcome.by, outcome.at, outcome.requestId);
    case 'failed':
      return REMEDY_REPLIES.failed(outcome.message);
    case 'applied':
      return REMEDY_REPLIES.applied(outcome);
  }
};

const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** The listener every fix button shares. */
export const remediate =
  (deps: RemediationListenerDeps): ButtonListener =>
  async (click: ButtonClick) => {
    const log = deps.logger;
    const wiring = deps.remediation;
    if (!wiring) return REMEDY_REPLIES.disabled;
    const kind = remedyKindOf(click.actionId);
    const target = readRemedyValue(click.value);
    if (!kind || !target) {
      log.warn('fix button value or action id not ours', { actionId: click.actionId });
      return REMEDY_REPLIES.expired;
    }
    const useCaseDeps: RemediateDeps = { ...deps, ...wiring };
    let outcome: RemediateOutcome;
    try {
      outcome = await remediateUseCase({ ...target, kind, by: click.userId }, useCaseDeps);
    } catch (error) {
      log.error('remediation could not run', { error: errorText(error) });
      return REMEDY_REPLIES.error;
    }
    // The audit record: every decision, applied or refused, with who asked.
    log.info('remediation audit', {
      audit: {
        outcome: outcome.kind,
        remedy: kind,
        user: click.userId,
        triageId: target.triageId,
        ...(outcome.kind === 'applied'
          ? {
              instanceId: outcome.instanceId,
              at: outcome.at,
              call: outcome.receipt.call,
              requestId: outcome.receipt.requestId,
              rerun: outcome.rerun.kind,
            }
          : {}),
      },
    });
    if (outcome.kind === 'applied') {
      try {
        await (wiring.announce ?? postAudit)(
          click.responseUrl,
          auditLine(outcome, click.userId),
          outcome.threadTs,
        );
      } catch (error) {
        log.warn('audit line not posted (it is in the log)', { error: errorText(error) });
      }
    }
    return replyFor(outcome);
  };
