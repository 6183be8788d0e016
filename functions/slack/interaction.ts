/**
 * A verified interaction request's body → the button click it carries. Slack posts
 * `payload=<JSON>` form-encoded; only `block_actions` (a button on the card) is acted on. Read
 * only after the signature holds: an unsigned body is never parsed.
 */
import * as z from 'zod/mini';

/** One click on a card's button, as the payload gives it: every field still untrusted. */
export interface ButtonClick {
  actionId: string;
  /**
   * The button's value, or the chosen option's of a menu: a triage id on our cards (an option
   * adds `:<cause>`), but checked before use.
   */
  value?: string;
  userId: string;
  /** The workspace: `team.id`, else the user's `team_id`. */
  teamId?: string;
  /** The channel of the card: `channel.id`, else `container.channel_id`. */
  channelId?: string;
  /** Where the ephemeral reply goes (valid for 30 minutes, 5 replies). */
  responseUrl: string;
}

/** What answers one action id: the ephemeral reply to send, or nothing (a link button). */
export type ButtonListener = (click: ButtonClick) => Promise<string | undefined>;

export type Interaction =
  | { kind: 'click'; click: ButtonClick }
  /** Signed, but not a button click (a shortcut, a view…): acknowledged and logged. */
  | { kind: 'other'; type: string }
  /** Signed, but not an interaction payload Slack would send. */
  | { kind: 'malformed'; reason: string };

const Envelope = z.object({ type: z.string() });

const BlockActions = z.object({
  user: z.object({ id: z.string(), team_id: z.optional(z.string()) }),
  team: z.optional(z.nullable(z.object({ id: z.optional(z.string()) }))),
  channel: z.optional(z.object({ id: z.string() })),
  container: z.optional(z.object({ channel_id: z.optional(z.string()) })),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        value: z.optional(z.string()),
        // A menu's choice (`static_select`) comes as its option, not as `value`.
        selected_option: z.optional(z.object({ value: z.string() })),
      }),
    )
    .check(z.minLength(1)),
  response_url: z.string().check(z.minLength(1)),
});

const malformed = (reason: string): Interaction => ({ kind: 'malformed', reason });

/** The interaction in a verified form body. */
export const readInteraction = (body: string): Interaction => {
  const text = new URLSearchParams(body).get('payload');
  if (text === null) return malformed('no payload field');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return malformed('payload is not JSON');
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) return malformed('payload has no type');
  if (envelope.data.type !== 'block_actions') return { kind: 'other', type: envelope.data.type };
  const parsed = BlockActions.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'payload';
    return malformed(`block_actions: ${where} missing or not what Slack sends`);
  }
  const p = parsed.data;
  const [action] = p.actions;
  if (!action) return malformed('block_actions without actions');
  const value = action.value ?? action.selected_option?.value;
  const teamId = p.team?.id ?? p.user.team_id;
  const channelId = p.channel?.id ?? p.container?.channel_id;
  return {
    kind: 'click',
    click: {
      actionId: action.action_id,
      ...(value === undefined ? {} : { value }),
      userId: p.user.id,
      ...(teamId === undefined ? {} : { teamId }),
      ...(channelId === undefined ? {} : { channelId }),
      responseUrl: p.response_url,
    },
  };
};
