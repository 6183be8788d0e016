/**
 * The alarm as CloudWatch has it now, to tell a late ALARM (delivered after its OK, or an hour
 * late) from a live one. DescribeAlarms by name; both alarm types must be asked for, or a
 * composite alarm is never returned (botocore `cloudwatch/2010-08-01/service-2.json`:
 * `AlarmTypes` defaults to `MetricAlarm`).
 */
import { type CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { AlarmNow, AlarmStates } from '../../triage/ports.js';
import { cloudWatchClient, wrapAwsError } from './clients.js';

export class CloudWatchAlarmStates implements AlarmStates {
  readonly #client: CloudWatchClient;

  constructor(client: CloudWatchClient = cloudWatchClient()) {
    this.#client = client;
  }

  async current(alarmName: string): Promise<AlarmNow | undefined> {
    try {
      const answer = await this.#client.send(
        new DescribeAlarmsCommand({
          AlarmNames: [alarmName],
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        }),
      );
      const alarm = [...(answer.MetricAlarms ?? []), ...(answer.CompositeAlarms ?? [])].find(
        (a) => a.AlarmName === alarmName,
      );
      if (!alarm?.StateValue) return undefined;
      return {
        state: alarm.StateValue,
        updatedAt: (alarm.StateUpdatedTimestamp ?? new Date(0)).toISOString(),
      };
    } catch (error) {
      throw wrapAwsError(error, 'cloudwatch_failed', `DescribeAlarms ${alarmName}`);
    }
  }
}
