/**
 * An approver pressed one of the card's fix buttons (and confirmed its dialog): apply that fix,
 * once, and capture again so the before/after comparison follows in the thread.
 *
 * approver? → load the triage → the instance's latest diagnosed capture → derive the offers
 * again (the click names a kind and a capture, never what to change) → claim the action
 * (conditional write: one click per action) → the AWS call → record its request id → rerun.
 *
 * Each step that refuses has no side effect after it: a non-approver is refused before anything
 * is read, a fix the latest capture no longer calls for before anything is claimed, a claimed
 * action before anything is called. Like a rerun, this runs inside Slack's 3 s: a few reads, a
 * conditional put, one AWS call, one update and the rerun's own calls.
 */
import { fixName, offerOfKind, type RemedyKind, type RemedyOffer } from '../core/remedy/offers.js';
import { storedTriage } from './finish-triage.js';
import { noteHistory } from './history.js';
import type { TriageRecord } from './model.js';
import type { RemedyActions, RemedyLedger, RemedyReceipt } from './ports.js';
import { type RerunCaptureDeps, type RerunOutcome, rerunCapture } from './rerun-capture.js';

export interface RemediateRequest {
  triageId: string;
  /** The instance's place among the triage's captured instances (the button's value). */
  instanceOrdinal: number;
  kind: RemedyKind;
  /** The Slack user who confirmed it. */
  by: string;
}

export interface RemediateDeps extends RerunCaptureDeps {
  /** Who may apply a fix (`remediationApprovers`). */
  approvers: readonly string[];
  remedies: RemedyActions;
  ledger: RemedyLedger;
}

export type RemediateOutcome =
  | { kind: 'not-approver' }
  | { kind: 'expired' }
  | { kind: 'resolved' }
  /** The instance's latest capture no longer calls for this fix (or there is none). */
  | { kind: 'no-longer-offered'; instanceId?: string }
  | { kind: 'already-done'; by: string; at: string; requestId?: string }
  | { kind: 'failed'; offer: RemedyOffer; instanceId: string; message: string }
  | {
      kind: 'applied';
      offer: RemedyOffer;
      instanceId: string;
      at: string;
      receipt: RemedyReceipt;
      rerun: RerunOutcome;
      /** The card's thread, for the audit line. */
      threadTs?: string;
    };

/** One click per action: per instance, except an environment's setting, which is one per triage. */
export const remedyActionKey = (offer: RemedyOffer, instanceId: string): string =>
  offer.kind === 'environment-setting'
    ? `${offer.kind}#${offer.environment}#${offer.name}`
    : `${offer.kind}#${instanceId}`;

/** The newest diagnosed capture of the instance, newest command first. */
const latestTriageOf = async (record: TriageRecord, instanceId: string, deps: RemediateDeps) => {
  const runs = record.instances.filter((r) => r.instanceId === instanceId && r.commandId);
  for (const run of runs.reverse()) {
    const result = await deps.store.getResult(record.triageId, instanceId, run.commandId as string);
    const triage = result && storedTriage(result);
    if (triage) return triage;
  }
  return undefined;
};

const apply = (offer: RemedyOffer, instanceId: string, triageId: string, deps: RemediateDeps) => {
  switch (offer.kind) {
    case 'unlimited-credits':
      return deps.remedies.switchToUnlimited(instanceId);
    case 'environment-setting':
      return deps.remedies.setEnvironmentProperty(offer.environment, offer.name, offer.value);
    case 'restart-unit':
      return deps.remedies.restartUnit(
        instanceId,
        offer.unit,
        `alert-triage ${triageId} restart ${offer.unit}`,
      );
  }
};

const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Applies one offered fix. Throws only when the store is unavailable. */
export const remediate = async (
  request: RemediateRequest,
  deps: RemediateDeps,
): Promise<RemediateOutcome> => {
  const log = deps.logger;
  const { triageId, by } = request;
  log.appendKeys({ triageId });
  if (!deps.approvers.includes(by)) return { kind: 'not-approver' };

  const record = await deps.store.getTriage(triageId);
  if (!record) return { kind: 'expired' };
  if (record.status === 'resolved') return { kind: 'resolved' };
  const instanceId = [...new Set(record.instances.map((r) => r.instanceId))][
    request.instanceOrdinal
  ];
  if (!instanceId) return { kind: 'no-longer-offered' };
  const triage = await latestTriageOf(record, instanceId, deps);
  const offer = triage && offerOfKind(triage, request.kind);
  if (!offer) return { kind: 'no-longer-offered', instanceId };

  const now = deps.clock.now();
  const key = remedyActionKey(offer, instanceId);
  const claim = await deps.ledger.claim(key, triageId, by, now);
  if (!claim.claimed) {
    const { claimed: _claimed, ...done } = claim;
    return { kind: 'already-done', ...done };
  }

  let receipt: RemedyReceipt;
  try {
    receipt = await apply(offer, instanceId, triageId, deps);
  } catch (error) {
    const message = errorText(error);
    log.error('remediation failed', { remedy: offer.kind, instanceId, user: by, error: message });
    await deps.ledger.settle(key, triageId, { failed: message });
    return { kind: 'failed', offer, instanceId, message };
  }
  await deps.ledger.settle(key, triageId, { requestId: receipt.requestId });
  await noteHistory(deps, record, { fix: fixName(offer) }, now);
  const rerun = await rerunCapture({ triageId, deep: false, by }, deps);
  const threadTs = record.notification?.ts;
  return {
    kind: 'applied',
    offer,
    instanceId,
    at: now.toISOString(),
    receipt,
    rerun,
    ...(threadTs ? { threadTs } : {}),
  };
};
