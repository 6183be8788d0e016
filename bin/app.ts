/**
 * The CDK app (`cdk.json`: `npx tsx bin/app.ts`). Settings come from context, e.g.
 * `cdk synth -c slackChannelId=C0123456789 -c alarmNamePrefixes=prod-,web-`; posting needs
 * `-c slackChannelId=C… -c slackSecretName=alert-triage/slack`, the buttons also
 * `-c slackSigningSecretName=alert-triage/slack-signing` (and optionally
 * `-c slackAllowedUsers=U1,U2 -c slackTeamId=T…`); the fixes on a click also
 * `-c enableRemediation=true -c remediationApprovers=U1,U2`; `-c capturePeer=false` captures no healthy
 * peer beside a group's hottest instances. The stack has no `env`:
 * it synthesizes offline, without credentials or lookups, and deploys to whichever account and
 * region the CLI is pointed at.
 */
import { App } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import { AlertTriageStack } from '../lib/alert-triage-stack.js';
import { DEFAULT_OPT_IN_TAG } from '../lib/settings.js';

const app = new App();

const text = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).trim();
};

const whole = (node: Node, key: string): number | undefined => {
  const value = text(node, key);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`context ${key} must be a whole number, got ${value}`);
  return Number(value);
};

const list = (node: Node, key: string): string[] | undefined => {
  const value: unknown = node.tryGetContext(key);
  const items = (Array.isArray(value) ? value.map(String) : (text(node, key)?.split(',') ?? []))
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
};

const prefixes = list(app.node, 'alarmNamePrefixes');
const tagKey = text(app.node, 'optInTagKey');
const tagValue = text(app.node, 'optInTagValue');
const hottestN = whole(app.node, 'hottestN');
const captureSeconds = whole(app.node, 'captureSeconds');
const capturePeer = text(app.node, 'capturePeer');
const remediationApprovers = list(app.node, 'remediationApprovers');
if (text(app.node, 'enableRemediation') === 'true' && !remediationApprovers) {
  throw new Error('context enableRemediation=true needs remediationApprovers=U…,U…');
}

new AlertTriageStack(app, 'AlertTriage', {
  triage: {
    slackChannelId: text(app.node, 'slackChannelId'),
    slackSecret: text(app.node, 'slackSecretName'),
    slackSigningSecret: text(app.node, 'slackSigningSecretName'),
    slackAllowedUsers: list(app.node, 'slackAllowedUsers'),
    slackTeamId: text(app.node, 'slackTeamId'),
    alarms: prefixes ? { namePrefixes: prefixes } : { all: true },
    ...(hottestN === undefined ? {} : { hottestN }),
    ...(captureSeconds === undefined ? {} : { capture: { seconds: captureSeconds } }),
    ...(capturePeer === undefined ? {} : { capturePeer: capturePeer !== 'false' }),
    ...(tagKey === undefined && tagValue === undefined
      ? {}
      : {
          optInTag: {
            key: tagKey ?? DEFAULT_OPT_IN_TAG.key,
            value: tagValue ?? DEFAULT_OPT_IN_TAG.value,
          },
        }),
    ...(text(app.node, 'enableRemediation') === 'true'
      ? { remediation: { approvers: remediationApprovers ?? [] } }
      : {}),
  },
});
