// How the room's calls ride through signaling drops and peers that briefly vanish (split out of app.js; the media
// side of a restart is call-restart.js). A resumed id keeps the calls, a new id ends them (the peers address the
// old one); a peer that left while its media still flows gets PEER_LEFT_GRACE_MS to come back under its id.

const PEER_LEFT_GRACE_MS = 15000;

/** After a welcome: when our id changed, the calls set up under the old one cannot be reached any more. */
export function keepOrEndCalls(session, previousId, newId, endCall) {
  if (previousId && previousId !== newId) {
    for (const call of [...session.calls.values()]) {
      endCall(call, 'failed', false, 'signaling reconnected under a new id');
    }
  }
}

/** Signaling is back: a call whose restart offer may have been lost restarts again. */
export function signalingBack(session) {
  for (const call of session.calls.values()) {
    call.signalingBack();
  }
}

/** The peer came back (resumed its id) while the media went on. */
export function peerBack(call) {
  if (call.peerLeftTimer) {
    clearTimeout(call.peerLeftTimer);
    call.peerLeftTimer = null;
  }
}

/** The peer left: a live call waits for it a while, any other call ends now. */
export function peerLeft(call, endCall) {
  const live = call.state === 'connected' || call.state === 'reconnecting';
  if (live && !call.peerLeftTimer) {
    call.peerLeftTimer = setTimeout(() => endCall(call, 'peer-left', false, 'the peer left the room'), PEER_LEFT_GRACE_MS);
  } else if (!live) {
    endCall(call, 'peer-left', false, 'the peer left the room');
  }
}
