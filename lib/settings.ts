/**
 * The construct's props checked and resolved before any resource exists (a NodejsFunction
 * bundles as soon as it is created, so a bad value should fail first, and clearly).
 */
import { type Duration, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  DEEP_MODES,
  type DeepMode,
  MAX_SECONDS,
  MIN_SECONDS,
} from '../functions/capture-script/options.js';
import type { AlertTriageProps, OptInTag } from './alert-triage.js';

/** The default opt-in tag. */
export const DEFAULT_OPT_IN_TAG: OptInTag = { key: 'alert-triage:enabled', value: 'true' };

/** One Slack channel id: public (`C…`) or private (`G…`, older private channels). */
export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;

export interface Settings {
  readonly hottestN: number;
  readonly captureSeconds: number;
  readonly captureDeep: DeepMode;
  readonly captureCooldownSeconds: number;
  readonly stormWindowSeconds: number;
  readonly optInTag: OptInTag;
  readonly slackReservedConcurrency: number;
}

const wholeNumberIn = (
  scope: Construct,
  name: string,
  value: number,
  min: number,
  max: number,
): number => {
  if (Token.isUnresolved(value)) return value;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${scope.node.path}: ${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
};

const seconds = (duration: Duration | undefined, fallback: number): number =>
  duration === undefined ? fallback : duration.toSeconds();

/** @throws naming the prop and what it must be. */
export const resolveSettings = (scope: Construct, props: AlertTriageProps): Settings => {
  const path = scope.node.path;
  const deep = props.capture?.deep ?? 'auto';
  if (!DEEP_MODES.includes(deep)) {
    throw new Error(`${path}: capture.deep must be one of ${DEEP_MODES.join(', ')}`);
  }
  const optInTag = props.optInTag ?? DEFAULT_OPT_IN_TAG;
  if (optInTag.key === '' || optInTag.key.startsWith('aws:')) {
    throw new Error(`${path}: optInTag.key must be a non-empty tag key not in aws:`);
  }
  const channel = props.slackChannelId;
  if (channel !== undefined && !Token.isUnresolved(channel) && !SLACK_CHANNEL_ID.test(channel)) {
    throw new Error(
      `${path}: slackChannelId must be one Slack channel id such as C0123456789, got ` +
        `"${channel}" (the bot posts to one channel; a list makes every post fail)`,
    );
  }
  if (props.slackSigningSecret !== undefined) {
    if (props.slackSecret === undefined) {
      throw new Error(`${path}: slackSigningSecret needs slackSecret (the bot token)`);
    }
    if (channel === undefined) {
      throw new Error(`${path}: slackSigningSecret needs slackChannelId (where the buttons work)`);
    }
  }
  if (props.vpcSubnets !== undefined && props.vpc === undefined) {
    throw new Error(`${path}: vpcSubnets needs vpc`);
  }
  return {
    hottestN: wholeNumberIn(scope, 'hottestN', props.hottestN ?? 3, 1, 50),
    captureSeconds: wholeNumberIn(
      scope,
      'capture.seconds',
      props.capture?.seconds ?? 10,
      MIN_SECONDS,
      MAX_SECONDS,
    ),
    captureDeep: deep,
    captureCooldownSeconds: wholeNumberIn(
      scope,
      'captureCooldown (in seconds)',
      seconds(props.captureCooldown, 600),
      0,
      86_400,
    ),
    stormWindowSeconds: wholeNumberIn(
      scope,
      'stormWindow (in seconds)',
      seconds(props.stormWindow, 600),
      0,
      3_600,
    ),
    optInTag,
    slackReservedConcurrency: wholeNumberIn(
      scope,
      'slackReservedConcurrency',
      props.slackReservedConcurrency ?? 5,
      1,
      1000,
    ),
  };
};
