// What a read-only replay link may see of named, per-person data (issue 15 item 19): by default the
// debrief only, with everyone shown as "Participant N"; the names, the decisions CSV and the log download
// only when the facilitator ticked "share names" when creating the link. The choice is stored with the
// link's token hash, as a prefix (a base64url hash never holds a colon), so it survives a restart and
// needs no new column; a link stored before this existed shares nothing named.

const NAMED = 'named:';

/** The value stored for a new link's token hash. */
export function storedReplayHash(tokenHash: string, shareNamed: boolean): string {
  return shareNamed ? `${NAMED}${tokenHash}` : tokenHash;
}

/** The stored value read back: the token hash, and whether the link shares named data. */
export function replayLinkOf(stored: string | null): { tokenHash: string; shareNamed: boolean } | null {
  if (stored === null) return null;
  return stored.startsWith(NAMED) ? { tokenHash: stored.slice(NAMED.length), shareNamed: true } : { tokenHash: stored, shareNamed: false };
}
