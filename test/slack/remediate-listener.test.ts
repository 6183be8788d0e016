import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../functions/render/slack/actions.js';
import type { ButtonClick } from '../../functions/slack/interaction.js';
import { listenersFor } from '../../functions/slack/listeners/index.js';
import type { RemediationWiring } from '../../functions/slack/listeners/remediate.js';
import { REMEDY_REPLIES } from '../../functions/slack/remedy-replies.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import type { RemedyActions, RemedyClaim, RemedyLedger } from '../../functions/triage/ports.js';
import { seed000Sick } from '../helpers/remedy-captures.js';
import { cpuAlarm, FakeClock, FakeExecutor, MemoryLog, MemoryStore } from '../triage/fakes.js';
import { MemoryFeedbackStore } from '../triage/feedback-fakes.js';

const TRIAGE_ID = 'tr-00000000000000aa';
const INSTANCE = 'i-0b1c2d3e4f5a60718';
const COMMAND = '0b6f1c2e-0000-4000-8000-000000000001';
const CARD_TS = '1763802640.000100';

class OnceLedger implements RemedyLedger {
  readonly claims = new Map<string, string>();
  async claim(key: string, _t: string, by: string, now: Date): Promise<RemedyClaim> {
    const held = this.claims.get(key);
    if (held) return { claimed: false, by: held, at: now.toISOString() };
    this.claims.set(key, by);
    return { claimed: true };
  }
  async settle(): Promise<void> {}
}

const world = async (remediation: boolean) => {
  const store = new MemoryStore();
  const now = new Date('2026-11-22T09:12:00Z');
  const record: TriageRecord = {
    triageId: TRIAGE_ID,
    transitionKey: 'k',
    alarm: cpuAlarm(),
    targets: [],
    instances: [{ instanceId: INSTANCE, commandId: COMMAND, status: 'capturing' }],
    startedAt: now.toISOString(),
    status: 'capturing',
    seconds: 10,
    deep: 'auto',
    notification: { channel: 'C0123456789', ts: CARD_TS },
  };
  await store.saveTriage(record);
  await store.saveResult({
    triageId: TRIAGE_ID,
    instanceId: INSTANCE,
    commandId: COMMAND,
    ssmStatus: 'Success',
    ssmStatusDetails: 'Success',
    finishedAt: now.toISOString(),
    outcome: 'diagnosed',
    document: seed000Sick(),
  });
  const calls: string[] = [];
  const remedies: RemedyActions = {
    switchToUnlimited: async () => ({ call: 'ModifyInstanceCreditSpecification', requestId: 'r' }),
    setEnvironmentProperty: async (env, name, value) => {
      calls.push(`${env} ${name}=${value}`);
      return { call: 'UpdateEnvironment', requestId: 'eb-req-9' };
    },
    restartUnit: async () => ({ call: 'SendCommand', requestId: 'r' }),
  };
  const announced: { text: string; threadTs?: string }[] = [];
  const wiring: RemediationWiring = {
    approvers: ['U0AAAAAAA1'],
    remedies,
    ledger: new OnceLedger(),
    announce: async (_url, text, threadTs) => {
      announced.push({ text, ...(threadTs ? { threadTs } : {}) });
    },
  };
  const logger = new MemoryLog();
  const listeners = listenersFor({
    feedback: new MemoryFeedbackStore(),
    store,
    executor: new FakeExecutor(),
    clock: new FakeClock(),
    logger,
    ...(remediation ? { remediation: wiring } : {}),
  });
  const press = (userId: string, value = `${TRIAGE_ID}:0`) => {
    const click: ButtonClick = {
      actionId: ACTION_IDS.remedySetting,
      value,
      userId,
      responseUrl: 'http://127.0.0.1:1/response',
    };
    return listeners.get(ACTION_IDS.remedySetting)?.(click);
  };
  return { press, calls, announced, logger };
};

describe('the fix buttons’ listener', () => {
  it('refuses a user who is not an approver, ephemerally, and changes nothing', async () => {
    // Prepare
    const w = await world(true);

    // Act
    const reply = await w.press('U0CCCCCCC3');

    // Assess
    expect(reply).toBe(REMEDY_REPLIES.notApprover);
    expect(w.calls).toEqual([]);
    expect(w.announced).toEqual([]);
  });

  it('applies an approver’s fix, leaves the audit line in the card’s thread and logs it', async () => {
    // Prepare
    const w = await world(true);

    // Act
    const reply = await w.press('U0AAAAAAA1');
    const again = await w.press('U0AAAAAAA1');

    // Assess
    expect(w.calls).toEqual(['api-prod DD_PROFILING_ENABLED=false']);
    expect(reply).toMatch(/^Done: set DD_PROFILING_ENABLED=false on api-prod/);
    expect(again).toMatch(/already applied by U0AAAAAAA1/);
    expect(w.announced).toHaveLength(1);
    expect(w.announced[0]?.threadTs).toBe(CARD_TS);
    expect(w.announced[0]?.text).toMatch(
      /^:wrench: <@U0AAAAAAA1> set DD_PROFILING_ENABLED=false on api-prod \(a rolling update\) at 2026-11-22 09:12 UTC: UpdateEnvironment, request id `eb-req-9`\. Capturing again now/,
    );
    const audit = w.logger.lines.filter((l) => l.message === 'remediation audit');
    expect(audit.map((l) => (l.attributes.audit as { outcome: string }).outcome)).toEqual([
      'applied',
      'already-done',
    ]);
    expect(audit[0]?.attributes.audit).toMatchObject({ user: 'U0AAAAAAA1', requestId: 'eb-req-9' });
  });

  it('refuses a value that is not a triage id and an instance’s place', async () => {
    // Prepare
    const w = await world(true);

    // Act
    const reply = await w.press('U0AAAAAAA1', `${TRIAGE_ID}:${INSTANCE}`);

    // Assess
    expect(reply).toBe(REMEDY_REPLIES.expired);
    expect(w.calls).toEqual([]);
  });

  it('says remediation is off when the stack was deployed without it', async () => {
    // Prepare
    const w = await world(false);

    // Act / Assess
    expect(await w.press('U0AAAAAAA1')).toBe(REMEDY_REPLIES.disabled);
    expect(w.calls).toEqual([]);
  });
});
