// Automatic ICE restart of one call (PROTOCOL.md "ICE restart"), split out of call.js: at once when the connection
// fails, after DISCONNECTED_GRACE_MS of 'disconnected' (a short outage often heals by itself), again when signaling
// comes back while the media is down; at most MAX_ICE_RESTARTS attempts without reconnecting, each given
// RESTART_WAIT_MS, then the call ends as failed. As in the Java engine (IceRecovery), an attempt whose offer got no
// answer within RESTART_ANSWER_TIMEOUT_MS of going out failed: the next one starts then. Works on the Call's fields
// (pc, state, timers, counters).
import {describe, log} from './protocol.js';

/** ICE restart: at once on 'failed', after this long in 'disconnected'. */
export const DISCONNECTED_GRACE_MS = 2000;
/** Restarts tried before the call is given up as failed; each gets this long to reconnect. */
export const MAX_ICE_RESTARTS = 3;
const RESTART_WAIT_MS = 10000;
/**
 * An answer is one signaling round trip plus the peer's createAnswer, well under a second on a working path: a
 * restart offer unanswered this long after it went out was lost (or ignored by an impolite side whose own offer was).
 */
export const RESTART_ANSWER_TIMEOUT_MS = 2000;

export function onConnectionState(call, state) {
  switch (state) {
    case 'connected':
      clearTimeout(call.connectTimer);
      clearTimeout(call.disconnectTimer);
      clearTimeout(call.restartTimer);
      clearTimeout(call.answerTimer);
      call.disconnectTimer = null;
      call.answerTimer = null;
      call.iceRestarts = 0;
      call.moveTo('connected');
      break;
    case 'disconnected':
      if (call.state === 'connected') {
        call.moveTo('reconnecting');
      }
      // A short outage often heals by itself; restart only when it lasts.
      if (!call.disconnectTimer && call.negotiatedOnce) {
        call.disconnectTimer = setTimeout(() => {
          call.disconnectTimer = null;
          if (call.pc && call.pc.connectionState === 'disconnected') {
            call.restartIce('disconnected for ' + DISCONNECTED_GRACE_MS / 1000 + ' s');
          }
        }, DISCONNECTED_GRACE_MS);
      }
      break;
    case 'failed':
      clearTimeout(call.disconnectTimer);
      call.disconnectTimer = null;
      if (call.negotiatedOnce) {
        if (call.state === 'connected') {
          call.moveTo('reconnecting');
        }
        call.restartIce('connection failed');
      } else {
        call.ctx.end(call, 'failed', true, 'ICE/DTLS failed (connection state failed, ICE '
            + call.pc.iceConnectionState + ')');
      }
      break;
    default:
      break;
  }
}

/**
 * New ICE credentials under the same call id (PROTOCOL.md "ICE restart"): restartIce() makes the next offer
 * carry them, and negotiationneeded sends it. Bounded: after MAX_ICE_RESTARTS without reconnecting, the call
 * ends as failed.
 */
export function restartIce(call, why, signalingFresh = false) {
  if (call.state === 'ended' || !call.pc) {
    return;
  }
  if (call.iceRestarts >= MAX_ICE_RESTARTS) {
    call.ctx.end(call, 'failed', true, 'media connection lost; ' + MAX_ICE_RESTARTS + ' ICE restarts did not bring it back');
    return;
  }
  call.iceRestarts++;
  call.iceRestartsTotal++;
  log(call.id, 'ICE restart', call.iceRestarts, 'of', MAX_ICE_RESTARTS + ':', why);
  clearTimeout(call.answerTimer);
  call.answerTimer = null;
  const pc = call.pc;
  pc.restartIce();
  if (pc.signalingState === 'have-local-offer' && !call.makingOffer) {
    // Our last offer is unanswered: restartIce() alone would wait for an answer that is not coming before it offers.
    // Rolled back, the connection is stable again and fires negotiationneeded for the pending restart, whose offer
    // has fresh credentials (Chromium does; restartIce() again here could mark that new offer's credentials too).
    pc.setLocalDescription({type: 'rollback'})
        .catch((e) => log(call.id, 'could not roll back the unanswered offer:', describe(e)));
  }
  if (!signalingFresh && call.ctx.signalingSuspect) {
    call.ctx.signalingSuspect(why); // the offer must not go out on a socket that died with the network
  }
  clearTimeout(call.restartTimer);
  call.restartTimer = setTimeout(() => {
    if (call.pc && call.pc.connectionState !== 'connected') {
      call.restartIce('no connection ' + RESTART_WAIT_MS / 1000 + ' s after the restart');
    }
  }, RESTART_WAIT_MS);
  call.ctx.changed(call);
}

/**
 * Signaling came back (maybe under a new socket): an offer of ours still waiting for its answer may have been sent
 * on the dead socket, so it goes out again; a call whose media is still down restarts again.
 */
export function signalingBack(call) {
  if (call.state === 'ended' || !call.pc) {
    return;
  }
  if (call.pc.signalingState === 'have-local-offer' && call.pc.localDescription && call.negotiatedOnce) {
    if (call.ctx.send({type: 'offer', to: call.peerId, call: call.id, sdp: call.pc.localDescription.sdp})) {
      offerSent(call);
    }
    return;
  }
  if (call.state === 'reconnecting' && call.pc.connectionState !== 'connected') {
    restartIce(call, 'signaling reconnected while the media was down', true);
  }
}

/**
 * An offer of ours went out on the socket (not one dropped while signaling was down): during a recovery, the wait for
 * its answer starts. Unanswered in time, the attempt failed and the next one starts; the last attempt keeps its whole
 * RESTART_WAIT_MS instead, since a late answer may still come.
 */
export function offerSent(call) {
  if (call.iceRestarts === 0) {
    return; // not recovering: a renegotiation's answer has no deadline
  }
  clearTimeout(call.answerTimer);
  call.answerTimer = setTimeout(() => {
    call.answerTimer = null;
    if (call.state === 'ended' || !call.pc || call.pc.connectionState === 'connected') {
      return;
    }
    if (call.iceRestarts < MAX_ICE_RESTARTS) {
      restartIce(call, 'the restart offer got no answer in ' + RESTART_ANSWER_TIMEOUT_MS / 1000 + ' s');
    }
  }, RESTART_ANSWER_TIMEOUT_MS);
}

/**
 * An offer/answer exchange completed: their answer to our offer applied, or our answer to their offer sent (when both
 * restart at once, the polite side's offer is rolled back and that answer is its attempt's exchange).
 */
export function exchangeCompleted(call) {
  clearTimeout(call.answerTimer);
  call.answerTimer = null;
}
