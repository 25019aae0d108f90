// What the room remembers about call ids besides its live calls (split out of app.js): candidates that arrived
// before their call's offer, and recently ended ids whose late messages are dropped. Both bounded.
const MAX_EARLY_CALLS = 64;
const MAX_CANDIDATES_PER_CALL = 256;
const REMEMBERED_ENDED_CALLS = 512;

export function keepEarlyCandidate(session, callId, candidate) {
  let list = session.earlyCandidates.get(callId);
  if (!list) {
    if (session.earlyCandidates.size >= MAX_EARLY_CALLS) {
      session.earlyCandidates.delete(session.earlyCandidates.keys().next().value);
    }
    list = [];
    session.earlyCandidates.set(callId, list);
  }
  if (list.length < MAX_CANDIDATES_PER_CALL) {
    list.push(candidate);
  }
}

export function rememberEnded(session, callId) {
  session.endedCallIds.delete(callId);
  session.endedCallIds.add(callId);
  if (session.endedCallIds.size > REMEMBERED_ENDED_CALLS) {
    session.endedCallIds.delete(session.endedCallIds.values().next().value);
  }
}

/** The candidates kept for a call id that now has its call; forgets them. */
export function takeEarlyCandidates(session, callId) {
  const early = session.earlyCandidates.get(callId) || [];
  session.earlyCandidates.delete(callId);
  return early;
}
