// Automatic ICE restart of one call (PROTOCOL.md "ICE restart"), split out of call.js: at once when the connection
// fails, after DISCONNECTED_GRACE_MS of 'disconnected' (a short outage often heals by itself), again when signaling
// comes back while the media is down; at most MAX_ICE_RESTARTS attempts without reconnecting, each given
// RESTART_WAIT_MS, then the call ends as failed. Works on the Call's fields (pc, state, timers, counters).
import {log} from './protocol.js';

/** ICE restart: at once on 'failed', after this long in 'disconnected'. */
export const DISCONNECTED_GRACE_MS = 2000;
/** Restarts tried before the call is given up as failed; each gets this long to reconnect. */
export const MAX_ICE_RESTARTS = 3;
const RESTART_WAIT_MS = 10000;

export function onConnectionState(call, state) {
  switch (state) {
    case 'connected':
      clearTimeout(call.connectTimer);
      clearTimeout(call.disconnectTimer);
      clearTimeout(call.restartTimer);
      call.disconnectTimer = null;
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
  call.pc.restartIce();
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
    call.ctx.send({type: 'offer', to: call.peerId, call: call.id, sdp: call.pc.localDescription.sdp});
    return;
  }
  if (call.state === 'reconnecting' && call.pc.connectionState !== 'connected') {
    restartIce(call, 'signaling reconnected while the media was down', true);
  }
}
