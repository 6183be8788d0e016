import { describe, expect, it } from 'vitest';
import {
  invocationEnd,
  parseCaptureStatusEvent,
} from '../../../functions/adapters/aws/ssm-status.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { COMMAND_ID } from './responses.js';

describe('invocationEnd', () => {
  it.each([
    ['Success', '', 'success'],
    ['InProgress', 'In Progress', 'running'],
    ['Pending', '', 'running'],
    ['Delayed', 'Delayed', 'running'],
    ['Cancelling', '', 'running'],
    ['DeliveryTimedOut', '', 'delivery-timed-out'],
    ['TimedOut', 'Delivery Timed Out', 'delivery-timed-out'],
    ['Undeliverable', '', 'undeliverable'],
  ] as const)('reads %s / %s as %s', (status, details, end) => {
    // Act / Assess
    expect(invocationEnd(status, details)).toBe(end);
  });
});

describe('parseCaptureStatusEvent', () => {
  it('reads the documented EventBridge event', () => {
    // Prepare
    const raw = JSON.parse(
      loadFixture('events/eventbridge/ssm-command-invocation-status-change.json'),
    );

    // Act
    const parsed = parseCaptureStatusEvent(raw);

    // Assess
    expect(parsed).toEqual({
      success: true,
      data: {
        commandId: 'e8d3c0e4-71f7-4491-898f-c9b35bee5f3b',
        instanceId: 'i-9bb89e2b',
        status: 'Success',
        end: 'success',
      },
    });
  });

  it.each([
    ['not an object', 'Success'],
    [
      { source: 'aws.ssm', 'detail-type': 'EC2 Command Status-change Notification', detail: {} },
      'detail-type',
    ],
    [
      {
        source: 'aws.ssm',
        'detail-type': 'EC2 Command Invocation Status-change Notification',
        detail: { 'command-id': COMMAND_ID, 'instance-id': 'i-; reboot', status: 'Success' },
      },
      'detail.instance-id',
    ],
  ])('refuses a malformed event (%#) with a reason', (raw, where) => {
    // Act
    const parsed = parseCaptureStatusEvent(raw);

    // Assess
    expect(parsed.success).toBe(false);
    if (!parsed.success && where !== 'Success') expect(parsed.error).toContain(where);
  });
});

describe('invocationEnd and prototype keys', () => {
  it('reads a status spelled like an Object property as no end', () => {
    expect(invocationEnd('constructor', 'toString')).toBe('running');
  });
});
