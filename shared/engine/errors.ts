// Stable rule-error codes: clients switch on the code, people read the message.
export const RULE_ERRORS = {
  BAD_EVENT: 'This event is malformed or unknown.',
  ALREADY_CREATED: 'The session already exists; "created" can only be the first event.',
  NOT_CREATED: 'The log must start with a "created" event.',
  ALREADY_ENDED: 'The session has ended.',
  WRONG_PHASE: 'That is not possible at this point of the round.',
  NOT_A_PARTICIPANT: 'This person is not (or no longer) in the session.',
  ALREADY_JOINED: 'This participant id has already joined.',
  ROOM_LOCKED: 'The room is locked: no new participants.',
  ROOM_FULL: 'The room is full.',
  BANNED: 'This device was removed from the session by the facilitator.',
  BAD_NAME: 'Please enter a name (1–40 characters).',
  TEAM_CHOICE_OFF: 'The facilitator assigns the teams in this session.',
  SAME_TEAM: 'This participant is already on that team.',
  WRONG_TEAM: "That option belongs to the other team's card.",
  UNKNOWN_OPTION: 'There is no such option on this card.',
  NO_MORE_ROUNDS: 'All rounds have been played.',
  NO_TIMER: 'No timer is running.',
  ALREADY_PAUSED: 'The timer is already paused.',
  NOT_PAUSED: 'The timer is not paused.',
  PAUSED: 'The timer is paused.',
  TOO_EARLY: 'The timer has not run out yet.',
  BAD_STORY: 'A story is one line of 1–140 characters.',
  DUPLICATE_STORY: 'That story id is already used by someone else.',
  UNKNOWN_STORY: 'There is no such story in this round.',
  OWN_TEAM_STORY: "Vote for a story of the other team, not your own team's.",
  HIDDEN_STORY: 'That story was hidden by the facilitator.',
  BAD_STEP: 'The reveal has no such step.',
  PREDICTIONS_CLOSED: 'Predictions are open only after the vote closes and before the reveal.',
  OTHER_TEAM_PREDICTION: "Predict for your own team's move only.",
  HUDDLES_V2_ONLY: 'Huddles are part of rules v2; this session plays rules v1.',
  NO_SUCH_ROUND: 'There is no such round in this session.',
  ROUND_STARTED: 'That round has already started; huddles can be changed only for rounds still to come.',
} as const;

export type RuleErrorCode = keyof typeof RULE_ERRORS;
export type RuleError = { ok: false; code: RuleErrorCode; message: string };

export function ruleError(code: RuleErrorCode, detail?: string): RuleError {
  return { ok: false, code, message: detail ? `${RULE_ERRORS[code]} ${detail}` : RULE_ERRORS[code] };
}
