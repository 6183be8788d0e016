/**
 * Secrets on the host never leave it unmasked: a capture whose output still holds them (an
 * older script, a shape the script missed) is masked before the result is stored, told or
 * logged.
 */
import { describe, expect, it } from 'vitest';
import { triageView } from '../../functions/adapters/slack/card-views.js';
import { renderTriageMessage } from '../../functions/render/slack/messages.js';
import { type FinishTriageDeps, finishTriage } from '../../functions/triage/finish-triage.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import { COMMAND_ID } from '../adapters/aws/responses.js';
import { PLANTED_PEM_LINES, PLANTED_SECRETS } from '../fixtures/secrets/planted.js';
import { loadFixture } from '../helpers/fixtures.js';
import {
  cpuAlarm,
  FakeAwsContext,
  FakeClock,
  FakeExecutor,
  INSTANCE,
  MemoryLog,
  MemoryStore,
  RecordingNotifier,
} from './fakes.js';

const TRIAGE_ID = 'tr-0123456789abcdef';

/** A real capture with every planted secret in its process listing's arguments. */
const leakyCapture = (): string => {
  const capture = loadFixture('captures/local/debian12-idle.txt');
  const rows = [...PLANTED_SECRETS.map((p) => p.line), PLANTED_PEM_LINES.join('?')].map(
    (line, i) => `root      ${4000 + i}  0.0  0.1  10000  2000 ?        S    09:00   0:00 ${line}`,
  );
  return `${capture.replace(/\n*$/, '\n')}==> ps aux <==\nUSER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n${rows.join('\n')}\n`;
};

const record = (): TriageRecord => ({
  triageId: TRIAGE_ID,
  transitionKey: `${cpuAlarm().arn}#2026-11-22T09:10:40.989Z`,
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [{ instanceId: INSTANCE, commandId: COMMAND_ID, status: 'capturing' }],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
});

describe('finishTriage and secrets on the host', () => {
  it('stores, tells and logs the capture with every planted secret masked', async () => {
    // Prepare
    const store = new MemoryStore();
    await store.saveTriage(record());
    const executor = new FakeExecutor();
    executor.invocations = [
      {
        found: true,
        invocation: {
          commandId: COMMAND_ID,
          instanceId: INSTANCE,
          status: 'Success',
          end: 'success',
          statusDetails: 'Success',
          responseCode: 0,
          stdout: leakyCapture(),
          stderr: '',
        },
      },
    ];
    const notifier = new RecordingNotifier();
    const logger = new MemoryLog();
    const deps: FinishTriageDeps = {
      store,
      executor,
      awsContext: new FakeAwsContext(),
      notifier,
      clock: new FakeClock(),
      logger,
      optIn: { key: 'alert-triage:enabled', value: 'true' },
    };

    // Act
    await finishTriage(
      { commandId: COMMAND_ID, instanceId: INSTANCE, status: 'Success', end: 'success' },
      deps,
    );

    // Assess
    const stored = await store.getResult(TRIAGE_ID, INSTANCE, COMMAND_ID);
    const notice = notifier.done[0];
    expect(notice).toBeDefined();
    const card = JSON.stringify(notice ? renderTriageMessage(triageView(notice)) : {});
    const places = {
      stored: stored?.document ?? '',
      told: notice?.capture ?? '',
      card,
      logs: JSON.stringify(logger.lines),
    };
    expect(places.stored).toContain('https://api.example.test/v1');
    for (const planted of PLANTED_SECRETS) {
      for (const [place, text] of Object.entries(places)) {
        expect(text, `${planted.shape} in ${place}`).not.toContain(planted.secret);
      }
    }
    const pemBody = PLANTED_PEM_LINES.slice(1, -1).join('');
    expect(places.stored).not.toContain(pemBody.slice(0, 20));
  });
});
