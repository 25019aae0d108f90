// The page's test hook, window.callwire, for the browser ITs and drivers (see app.js): snapshots of the room and
// its calls, inbound stats, the remote video track, and the buttons as functions.
import {readStats} from './stats.js';

export function installTestHook(session, signaling, {startCall, hangUpAll, chat}) {
  window.callwire = {
    /** A snapshot: own id, room, peers and calls (live and recently ended). */
    state() {
      const describeCall = (c) => ({
        callId: c.id, peerId: c.peerId, peerName: c.peerName, direction: c.direction, state: c.state,
        endReason: c.endReason, endDetail: c.endDetail, iceRestarts: c.iceRestartsTotal,
        dataChannel: c.dataChannel ? c.dataChannel.readyState : null, screen: !!c.screenStream,
      });
      return {
        selfId: signaling.selfId,
        room: signaling.room,
        joined: signaling.joined,
        peers: [...session.peers.values()].map((p) => ({id: p.id, name: p.name})),
        calls: [...session.calls.values()].map(describeCall),
        ended: session.history.map(describeCall),
        chat: session.chat.slice(),
        localVideo: (() => {
          const t = session.localStream && session.localStream.getVideoTracks()[0];
          const s = t ? t.getSettings() : null;
          return s ? {width: s.width, height: s.height, frameRate: s.frameRate} : null;
        })(),
      };
    },
    /** Per call: {callId, peerId, state, framesDecoded, frameWidth, frameHeight, audioPacketsReceived, ...}. */
    stats() {
      return Promise.all([...session.calls.values()].map((c) => readStats(c)));
    },
    /** The remote camera track of a live call (for drivers that watch its frames), or null. */
    remoteVideo: (callId) => {
      const c = session.calls.get(callId);
      return c ? c.remoteStream.getVideoTracks()[0] || null : null;
    },
    call: (peerId) => {
      const call = startCall(peerId);
      return call ? call.id : null;
    },
    hangUp: () => hangUpAll(),
    chat: (text) => chat.sendChat(text),
    transfers: () => [...session.transfers.values()].map(({record}) => {
      const {blob, ...rest} = record;
      return rest;
    }),
    /** The content of a received file as text (for tests that sent text files). */
    receivedText: (id) => {
      const t = session.transfers.get(id);
      return t && t.record.blob ? t.record.blob.text() : Promise.resolve(null);
    },
  };
}
