// Inbound statistics of a call from getStats(): what the tile's status line shows and what the test hook returns.

/** Per call: {callId, peerId, peerName, direction, state, framesDecoded, frameWidth, frameHeight, framesPerSecond, audioPacketsReceived}. */
export async function readStats(call) {
  const result = {
    callId: call.id, peerId: call.peerId, peerName: call.peerName, direction: call.direction,
    state: call.state, framesDecoded: 0, frameWidth: 0, frameHeight: 0, framesPerSecond: 0,
    audioPacketsReceived: 0, iceRestarts: call.iceRestartsTotal,
  };
  if (!call.pc || call.state === 'ended') {
    return Object.assign(result, call.lastStats ? pick(call.lastStats) : {}, {state: call.state,
      endReason: call.endReason});
  }
  const report = await call.pc.getStats();
  const screenTrack = call.screenStream ? call.screenStream.getVideoTracks()[0] : null;
  report.forEach((entry) => {
    if (entry.type !== 'inbound-rtp') {
      return;
    }
    if (entry.kind === 'video') {
      if (screenTrack && entry.trackIdentifier === screenTrack.id) {
        result.screenWidth = entry.frameWidth || 0;
        result.screenHeight = entry.frameHeight || 0;
        result.screenFramesDecoded = entry.framesDecoded || 0;
        return;
      }
      result.framesDecoded += entry.framesDecoded || 0;
      result.frameWidth = entry.frameWidth || result.frameWidth;
      result.frameHeight = entry.frameHeight || result.frameHeight;
      result.framesPerSecond = entry.framesPerSecond || result.framesPerSecond;
    } else if (entry.kind === 'audio') {
      result.audioPacketsReceived += entry.packetsReceived || 0;
    }
  });
  result.state = call.state;
  call.lastStats = result;
  return result;
}

function pick(stats) {
  const {framesDecoded, frameWidth, frameHeight, framesPerSecond, audioPacketsReceived} = stats;
  return {framesDecoded, frameWidth, frameHeight, framesPerSecond, audioPacketsReceived};
}

/** e.g. "640x480 30 fps · 812 frames · audio 455 pkts". */
export function statsLine(s) {
  return (s.frameWidth ? s.frameWidth + 'x' + s.frameHeight : 'no video yet')
      + (s.framesPerSecond ? ' ' + Math.round(s.framesPerSecond) + ' fps' : '')
      + ' · ' + s.framesDecoded + ' frames · audio ' + s.audioPacketsReceived + ' pkts';
}

/** Refreshes every live call's stats once a second, then lets it re-render. */
export function startStatsTimer(calls, changed) {
  return setInterval(() => {
    for (const call of calls()) {
      if (call.state === 'connected' || call.state === 'reconnecting') {
        readStats(call).then(() => changed(call)).catch(() => {});
      }
    }
  }, 1000);
}
