import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { classify, type Triage } from '../../../functions/core/classify.js';
import { compare } from '../../../functions/core/compare.js';
import { redactSecrets } from '../../../functions/core/redact.js';
import { ACTION_IDS, isTriageId } from '../../../functions/render/slack/actions.js';
import type {
  ActionsBlock,
  Block,
  ButtonElement,
  TextObject,
} from '../../../functions/render/slack/blocks.js';
import { checkBlockKitLimits } from '../../../functions/render/slack/limits.js';
import {
  renderFailedMessage,
  renderFleetMessage,
  renderRerunReply,
  renderResolvedMessage,
  renderStartedMessage,
  renderTriageMessage,
  rerunStatus,
  resolvedStatus,
} from '../../../functions/render/slack/messages.js';
import type { RerunView } from '../../../functions/render/slack/view.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { cpuAlarm, INSTANCE } from '../../triage/fakes.js';

const TRIAGE_ID = 'tr-0123456789abcdef';
const COMMAND_ID = '5b1e7a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';

const capturesRoot = fileURLToPath(new URL('../../fixtures/captures/', import.meta.url));
const ALL_CAPTURES = (readdirSync(capturesRoot, { recursive: true }) as string[])
  .filter((p) => p.endsWith('.txt'))
  .sort();

const triageOf = (path: string): Triage =>
  classify(readCapture(loadFixture(`captures/${path}`)), { now: '2026-11-22T10:00:00Z' });

const done = (triage: Triage, overrides: Partial<RerunView> = {}): RerunView => ({
  triageId: TRIAGE_ID,
  alarm: cpuAlarm(),
  instanceId: INSTANCE,
  triage,
  commandId: COMMAND_ID,
  ...overrides,
});

/** The card's row of buttons: its first actions block (the feedback row follows it). */
const buttonsOf = (blocks: Block[]) =>
  (blocks.find((b): b is ActionsBlock => b.type === 'actions')?.elements ?? []).filter(
    (e): e is ButtonElement => e.type === 'button',
  );

/** Secrets planted in a capture's process arguments, environment, URL and headers. */
const SECRETS = [
  'hunter2-Pa55',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
  'Sup3r',
  'xoxb-2222222222-3333333333-SecretSlackTokenValue',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
];

const plantedCapture = (): string => {
  const text = loadFixture('captures/corpus/runaway-process/demo-busy-loop.txt');
  return text
    .replace(
      '/usr/bin/node /tmp/alert-triage-busy-loop-5KmI59/busy-loop.cjs',
      `/usr/bin/node server.js --password ${SECRETS[0]} --db https://bob:${SECRETS[2]}@db/x --slack ${SECRETS[3]}`,
    )
    .concat(
      '\n==> cat /proc/14143/environ <==\n',
      `AWS_ACCESS_KEY_ID=${SECRETS[4]}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRETS[5]}\n`,
      `UPSTREAM_HEADER=Authorization: Bearer ${SECRETS[1]}\n`,
    );
};

describe('renderTriageMessage', () => {
  it.each(ALL_CAPTURES)('renders %s within the Block Kit limits', (path) => {
    // Prepare
    const triage = triageOf(path);

    // Act
    const message = renderTriageMessage(done(triage), {
      instanceType: 't3.micro',
      creditMode: 'standard',
      classifierVersion: '0.1.0',
      captureCostUsd: 0.0001,
    });

    // Assess
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('shows the cause, host, confidence, fields, evidence, numbered fixes and ruled out', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');

    // Act
    const message = renderTriageMessage(done(triage), {
      instanceType: 't4g.small',
      creditMode: 'unlimited',
      beanstalkEnvironment: 'web-prod',
      classifierVersion: '0.1.0',
      captureCostUsd: 0.0001,
    });

    // Assess
    const json = JSON.stringify(message);
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: expect.stringMatching(/^syscall-storm on i-0abc1234def567890/) },
    });
    expect(message.text).toMatch(/^syscall-storm on i-0abc1234def567890/);
    expect(json).toMatch(/confidence 0\.\d\d \(strong\)/);
    for (const field of ['Alarm', 'State since', 'Instance', 'Type', 'Beanstalk environment']) {
      expect(json).toContain(`*${field}*`);
    }
    expect(json).toContain('t4g.small, unlimited credits');
    expect(json).toContain('*Evidence*\\n```');
    expect(json).toMatch(/1\. \*[^*]+\* \(now\)/);
    expect(json).toContain('*Ruled out*');
    expect(json).toContain('classifier 0.1.0');
    expect(json).toContain(`capture ${COMMAND_ID}`);
  });

  it('gives every button the triage id as its value and nothing else', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');

    // Act
    const buttons = buttonsOf(renderTriageMessage(done(triage)).blocks);

    // Assess
    expect(buttons.map((b) => b.action_id)).toEqual([
      ACTION_IDS.rerun,
      ACTION_IDS.deep,
      ACTION_IDS.mute,
      ACTION_IDS.openAlarm,
      ACTION_IDS.openCommand,
    ]);
    for (const b of buttons) expect(b.value).toBe(TRIAGE_ID);
    expect(isTriageId(TRIAGE_ID)).toBe(true);
  });

  it('links the CloudWatch alarm and the SSM command in the alarm region', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');

    // Act
    const buttons = buttonsOf(renderTriageMessage(done(triage), { region: 'eu-west-1' }).blocks);

    // Assess
    expect(buttons.find((b) => b.action_id === ACTION_IDS.openAlarm)?.url).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/ServerCpuTooHigh',
    );
    expect(buttons.find((b) => b.action_id === ACTION_IDS.openCommand)?.url).toBe(
      `https://eu-west-1.console.aws.amazon.com/systems-manager/run-command/${COMMAND_ID}/${INSTANCE}?region=eu-west-1`,
    );
  });

  it('offers Unmute when the alarm is muted, and no action buttons when not interactive', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');

    // Act
    const muted = buttonsOf(renderTriageMessage(done(triage), { muted: true }).blocks);
    const webhook = buttonsOf(renderTriageMessage(done(triage), {}, { interactive: false }).blocks);

    // Assess
    expect(muted.map((b) => b.action_id)).toContain(ACTION_IDS.unmute);
    expect(muted.map((b) => b.action_id)).not.toContain(ACTION_IDS.mute);
    expect(webhook.every((b) => b.url !== undefined)).toBe(true);
  });

  it('puts no interactive button on a card whose triage id is malformed', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');

    // Act
    const buttons = buttonsOf(
      renderTriageMessage(done(triage, { triageId: 'rm -rf /; i-0abc1234def567890' })).blocks,
    );

    // Assess
    expect(buttons.every((b) => b.url !== undefined && b.value === undefined)).toBe(true);
  });

  it('leaves none of the secrets planted in a capture in the card or the redacted capture', () => {
    // Prepare
    const text = plantedCapture();
    const triage = classify(readCapture(text), {});

    // Act
    const card = JSON.stringify(renderTriageMessage(done(triage)));
    const upload = redactSecrets(text);

    // Assess
    for (const secret of SECRETS) {
      expect(text).toContain(secret);
      expect(card).not.toContain(secret);
      expect(upload).not.toContain(secret);
    }
  });

  it('masks secrets in every text a rule wrote, and escapes Slack control characters', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');
    const leaky: Triage = {
      ...triage,
      headline: `process started with --password ${SECRETS[0]}`,
      diagnoses: triage.diagnoses.map((d) => ({
        ...d,
        summary: `Authorization: Bearer ${SECRETS[1]}`,
        evidence: [{ source: `psql https://bob:${SECRETS[2]}@db/x`, text: `token ${SECRETS[3]}` }],
        fixes: [
          {
            title: `rotate ${SECRETS[4]}`,
            command: `export AWS_SECRET_ACCESS_KEY=<${SECRETS[5]}>`,
            when: 'now',
          },
        ],
      })),
    };

    // Act
    const message = renderTriageMessage(done(leaky));

    // Assess
    const json = JSON.stringify(message);
    for (const secret of SECRETS) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/<(?![@#!])/);
  });

  it('cuts a triage too large for Block Kit at line boundaries and says how much is left', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');
    const [primary] = triage.diagnoses;
    if (!primary) throw new Error('seed 000 has a diagnosis');
    const huge: Triage = {
      ...triage,
      headline: 'x'.repeat(5000),
      diagnoses: Array.from({ length: 40 }, () => ({
        ...primary,
        evidence: Array.from({ length: 200 }, (_, i) => ({ source: 'top', text: `line ${i}` })),
        fixes: Array.from({ length: 60 }, (_, i) => ({
          title: `fix ${i}`,
          command: 'y'.repeat(400),
          when: 'now' as const,
        })),
      })),
      missing: Array.from({ length: 300 }, (_, i) => `missing ${i}`),
    };

    // Act
    const message = renderTriageMessage(done(huge, { instanceId: 'i-'.padEnd(300, 'f') }));

    // Assess
    expect(checkBlockKitLimits(message)).toEqual([]);
    expect(JSON.stringify(message)).toMatch(/… \d+ more/);
  });
});

describe('renderTriageMessage with a status line', () => {
  it('puts the status above the header, redacted and escaped, in the fallback text too', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');

    // Act
    const message = renderTriageMessage(
      done(triage),
      {},
      {
        status:
          ':white_check_mark: *resolved <at> 10:42 UTC* token xoxb-2222222222-3333333333-SecretSlackTokenValue',
      },
    );

    // Assess
    const [status, header] = message.blocks;
    expect(status).toMatchObject({ type: 'section' });
    expect(JSON.stringify(status)).toContain('resolved &lt;at&gt; 10:42 UTC');
    expect(header?.type).toBe('header');
    expect(JSON.stringify(message)).not.toContain('SecretSlackTokenValue');
    expect(message.text.startsWith('resolved &lt;at&gt; 10:42 UTC')).toBe(true);
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('stays within the Block Kit limits with a huge triage and an overlong status', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');
    const [primary] = triage.diagnoses;
    if (!primary) throw new Error('seed 000 has a diagnosis');
    const huge: Triage = {
      ...triage,
      diagnoses: Array.from({ length: 40 }, () => ({
        ...primary,
        evidence: Array.from({ length: 200 }, (_, i) => ({ source: 'top', text: `line ${i}` })),
      })),
    };

    // Act
    const message = renderTriageMessage(done(huge), {}, { status: 's'.repeat(5000) });

    // Assess
    expect(checkBlockKitLimits(message)).toEqual([]);
    expect(message.blocks[0]?.type).toBe('section');
    expect(message.blocks[1]?.type).toBe('header');
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });

  it('renders a resolved or rerun status from its helper', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-healthy.txt');
    const resolved = resolvedStatus({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm({ state: 'OK', changedAt: '2026-11-22T10:42:05Z' }),
      durationMs: 17 * 60_000,
    });

    // Act
    const card = renderTriageMessage(done(triage), {}, { status: resolved });
    const rerun = rerunStatus(done(triage));

    // Assess
    expect(JSON.stringify(card.blocks[0])).toContain(
      'ServerCpuTooHigh resolved at 10:42 UTC after 17 min',
    );
    expect(rerun).toContain(`rerun: ${triage.cause}* (no earlier capture to compare)`);
  });
});

describe('renderStartedMessage', () => {
  it('says what it triages, where and for how long', () => {
    // Act
    const message = renderStartedMessage({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm(),
      instanceIds: [INSTANCE],
      candidates: 1,
      seconds: 10,
    });

    // Assess
    expect(message.text).toBe(`Triaging ServerCpuTooHigh on ${INSTANCE} (capturing ~12 s)…`);
    expect(checkBlockKitLimits(message)).toEqual([]);
  });
});

describe('renderFailedMessage', () => {
  it('says why, and what CloudWatch alone shows', () => {
    // Act
    const message = renderFailedMessage({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm(),
      instanceId: INSTANCE,
      reason: { code: 'ssm_agent_offline', message: 'The SSM agent on the instance is offline.' },
      glance: {
        instanceType: 't3.micro',
        creditMode: 'standard',
        cpu: { latest: 99.5, max: 100, at: '2026-11-22T09:10:00Z', points: 36 },
        creditBalance: { latest: 0, at: '2026-11-22T09:10:00Z' },
      },
    });

    // Assess
    const json = JSON.stringify(message);
    expect(message.text).toMatch(/^Could not triage ServerCpuTooHigh on i-0abc/);
    expect(json).toContain('CPUUtilization 99.5%');
    expect(json).toContain('CPUCreditBalance 0.0');
    expect(json).toContain('ssm_agent_offline');
    expect(checkBlockKitLimits(message)).toEqual([]);
  });
});

describe('renderResolvedMessage', () => {
  it('says when the alarm cleared and after how long', () => {
    // Act
    const message = renderResolvedMessage({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm({ state: 'OK', changedAt: '2026-11-22T10:42:05Z' }),
      durationMs: 17 * 60_000,
    });

    // Assess
    expect(message.text).toBe('ServerCpuTooHigh resolved at 10:42 UTC after 17 min');
    expect(checkBlockKitLimits(message)).toEqual([]);
  });
});

describe('renderRerunReply', () => {
  it('leads with the before/after line, then the new diagnosis', () => {
    // Prepare
    const before = triageOf('seeds/seed-000-sick.txt');
    const after = triageOf('seeds/seed-000-healthy.txt');
    const comparison = compare(before, after);

    // Act
    const message = renderRerunReply(done(after, { comparison }));

    // Assess
    expect(message.text.startsWith(`${comparison.summary} (${INSTANCE})`)).toBe(true);
    expect(JSON.stringify(message.blocks[0])).toContain(comparison.summary);
    expect(JSON.stringify(message)).toContain('Before → after');
    expect(checkBlockKitLimits(message)).toEqual([]);
  });
});

describe('renderRerunReply without an earlier capture', () => {
  it('leads with the new diagnosis and says there was nothing to compare', () => {
    // Prepare
    const after = triageOf('seeds/seed-000-healthy.txt');

    // Act
    const message = renderRerunReply(done(after));

    // Assess
    expect(
      message.text.startsWith(
        `rerun: ${after.cause} (no earlier capture to compare) (${INSTANCE})`,
      ),
    ).toBe(true);
    expect(JSON.stringify(message.blocks[0])).toContain('no earlier capture to compare');
    expect(JSON.stringify(message)).not.toContain('Before → after');
    expect(checkBlockKitLimits(message)).toEqual([]);
  });
});

describe('renderFleetMessage', () => {
  it('gives one message per alarm with a section per instance', () => {
    // Prepare
    const sick = triageOf('seeds/seed-000-sick.txt');
    const instances = [
      { instanceId: 'i-0000000000000000a', instanceType: 't3.micro', triage: sick },
      { instanceId: 'i-0000000000000000b', triage: sick },
      {
        instanceId: 'i-0000000000000000c',
        failure: { code: 'ssm_agent_offline', message: 'The SSM agent is offline.' },
      },
    ];

    // Act
    const message = renderFleetMessage(
      { triageId: TRIAGE_ID, alarm: cpuAlarm(), instances, candidates: 12 },
      { autoScalingGroup: 'web-asg' },
    );

    // Assess
    expect(message.text).toBe('syscall-storm on 2 of 3 instances of 12 (ServerCpuTooHigh)');
    const json = JSON.stringify(message);
    for (const i of instances) expect(json).toContain(`*${i.instanceId}*`);
    expect(json).toContain('not triaged: The SSM agent is offline.');
    for (const b of buttonsOf(message.blocks)) expect(b.value).toBe(TRIAGE_ID);
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('stays within 50 blocks for a large fleet', () => {
    // Prepare
    const sick = triageOf('seeds/seed-000-sick.txt');
    const instances = Array.from({ length: 120 }, (_, n) => ({
      instanceId: `i-${n.toString(16).padStart(17, '0')}`,
      triage: sick,
    }));

    // Act
    const message = renderFleetMessage({ triageId: TRIAGE_ID, alarm: cpuAlarm(), instances });

    // Assess
    expect(checkBlockKitLimits(message)).toEqual([]);
    expect(JSON.stringify(message)).toContain('… 81 more instances');
  });
});

describe('a resolved card (issue 9: buttons disabled once the alarm resolves)', () => {
  it('keeps Mute and the links, and drops Rerun and Deep capture', () => {
    // Prepare
    const triage = triageOf('seeds/seed-000-sick.txt');

    // Act
    const open = buttonsOf(renderTriageMessage(done(triage)).blocks);
    const resolved = buttonsOf(renderTriageMessage(done(triage), {}, { resolved: true }).blocks);

    // Assess
    expect(open.map((b) => b.action_id)).toContain(ACTION_IDS.rerun);
    expect(resolved.map((b) => b.action_id)).toEqual([
      ACTION_IDS.mute,
      ACTION_IDS.openAlarm,
      ACTION_IDS.openCommand,
    ]);
  });
});

/** Every text object of sections and contexts: the ones that may be mrkdwn. */
const textObjects = (blocks: Block[]): TextObject[] =>
  blocks.flatMap((b) =>
    b.type === 'section'
      ? [...(b.text ? [b.text] : []), ...(b.fields ?? [])]
      : b.type === 'context'
        ? b.elements
        : [],
  );

/** The top-level `text` and every mrkdwn text of a message: what Slack parses for `<…>`. */
const parsedTexts = (message: { text: string; blocks: Block[] }): string[] => [
  message.text,
  ...textObjects(message.blocks)
    .filter((t) => t.type === 'mrkdwn')
    .map((t) => t.text),
];

describe('untrusted text in every message (issue 9: escaping)', () => {
  /** An alarm name that pings the channel and hides a link, if Slack gets to parse it. */
  const HOSTILE = '<!channel> <https://evil.example|click> & <@U0ADMIN01>';
  const alarm = cpuAlarm({ name: HOSTILE, reason: HOSTILE, changedAt: '2026-11-22T10:42:05Z' });
  const hostileTriage = (): Triage => {
    const triage = triageOf('seeds/seed-000-sick.txt');
    return {
      ...triage,
      headline: HOSTILE,
      facts: { ...triage.facts, host: HOSTILE },
      diagnoses: triage.diagnoses.map((d) => ({
        ...d,
        chain: HOSTILE,
        evidence: [{ source: HOSTILE, text: `java ${HOSTILE}` }],
        fixes: [{ title: HOSTILE, detail: HOSTILE, command: `kill ${HOSTILE}`, when: 'now' }],
      })),
      ruledOut: [{ cause: 'io-wait', reason: HOSTILE }],
      missing: [HOSTILE],
    };
  };
  const view = () => done(hostileTriage(), { alarm, instanceId: HOSTILE });
  const resolved = { triageId: TRIAGE_ID, alarm, durationMs: 60_000 };

  it.each([
    [
      'started',
      () => renderStartedMessage({ ...view(), instanceIds: [HOSTILE], candidates: 1, seconds: 10 }),
    ],
    ['triage card', () => renderTriageMessage(view(), { beanstalkEnvironment: HOSTILE })],
    [
      'resolved card',
      () => renderTriageMessage(view(), {}, { status: resolvedStatus(resolved), resolved: true }),
    ],
    ['rerun reply', () => renderRerunReply(view())],
    ['resolved message', () => renderResolvedMessage(resolved)],
    [
      'failed message',
      () =>
        renderFailedMessage({
          triageId: TRIAGE_ID,
          alarm,
          instanceId: HOSTILE,
          reason: { code: HOSTILE, message: HOSTILE },
          glance: { instanceType: HOSTILE, cpu: { latest: 1, max: 2, at: HOSTILE, points: 3 } },
        }),
    ],
    [
      'fleet card',
      () =>
        renderFleetMessage(
          {
            triageId: TRIAGE_ID,
            alarm,
            instances: [
              { instanceId: HOSTILE, instanceType: HOSTILE, triage: hostileTriage() },
              { instanceId: HOSTILE, failure: { code: HOSTILE, message: HOSTILE } },
            ],
          },
          { autoScalingGroup: HOSTILE },
        ),
    ],
  ])('escapes <, > and & in the %s, its notification text included', (_, render) => {
    // Act
    const message = render();

    // Assess
    const texts = parsedTexts(message);
    expect(texts.join('\n')).toContain('&lt;!channel&gt;');
    for (const text of texts) {
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it('asks Slack not to auto-link or auto-mention in any mrkdwn text', () => {
    // Act
    const message = renderTriageMessage(view());

    // Assess
    const texts = textObjects(message.blocks);
    expect(texts.length).toBeGreaterThan(5);
    for (const t of texts) expect(t).toMatchObject({ type: 'mrkdwn', verbatim: true });
  });
});
