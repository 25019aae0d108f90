/*
 * Callwire browser client: native ES modules, no build step.
 *   protocol.js   envelope checks, names, ids          signaling.js  the WebSocket, join, reconnect
 *   call.js       one RTCPeerConnection per call, perfect negotiation, data channels, ICE restart
 *   files.js      the file sub-protocol on "callwire-files"   stats.js  getStats for tiles and tests
 *   view.js       the DOM                               chat.js       chat and file transfer rows
 *   app.js        this file: the room and its calls
 *
 * Speaks the Callwire signaling protocol (docs/protocol.md) over /ws of the server that serves this page.
 * ICE candidates that arrive before their offer or answer are kept per call id; messages of ended call ids are
 * dropped. Chat messages are plain text on the call's "callwire-data" channel, files follow the sub-protocol on
 * "callwire-files": both interoperate with the Java SDK (CallData.send / sendFile).
 *
 * Query parameters (handy for tests): room=R, name=N, autostart=1 (press Start on load), autoanswer=1 (accept
 * incoming calls at once), autoaccept=1 (accept offered files at once), ring=SECONDS (ring timeout, default 45),
 * token=T (join token), debug=1 (log every received message's type, sender and call id).
 *
 * Test hook: window.callwire.state(), .stats() (a promise of per-call inbound stats), .call(peerId), .hangUp(),
 * .chat(text), .transfers(), .receivedText(id) (a promise of a received file's text).
 */
import {BYE_REASONS, NAME_PATTERN, describe, directedProblem, flag, isPolite, log, newCallId} from './protocol.js';
import {Signaling} from './signaling.js';
import {Call} from './call.js';
import {readStats, startStatsTimer} from './stats.js';
import * as view from './view.js';
import {createChat} from './chat.js';

const {ui} = view;
const MAX_EARLY_CALLS = 64;
const MAX_CANDIDATES_PER_CALL = 256;
const REMEMBERED_ENDED_CALLS = 512;
const PEER_LEFT_GRACE_MS = 15000;

const params = new URLSearchParams(location.search);
const options = {
  autostart: flag(params.get('autostart')),
  autoanswer: flag(params.get('autoanswer')),
  autoaccept: flag(params.get('autoaccept')),
  ringTimeoutMs: Math.max(1, Number(params.get('ring')) || 45) * 1000,
  debug: flag(params.get('debug')),
  token: params.get('token') || null,
};

/** Everything the page knows about its room. */
const session = {
  started: false,
  localStream: null,
  peers: new Map(),          // id -> {id, name}
  selectedPeer: null,
  calls: new Map(),          // call id -> Call (live calls)
  tiles: new Map(),          // Call -> view.Tile
  prompts: new Map(),        // Call -> prompt element
  endedCallIds: new Set(),   // insertion ordered, trimmed to REMEMBERED_ENDED_CALLS
  earlyCandidates: new Map(),// call id -> [candidate] for calls not seen yet
  history: [],               // ended calls, for the test hook
  chat: [],                  // {callId, peerId, from, text}, for the test hook
  transfers: new Map(),      // transfer id -> {row, record}
  iceServers: [],
  get joined() {
    return signaling.joined;
  },
  get selfId() {
    return signaling.selfId;
  },
};

const signaling = new Signaling({
  onEnvelope: onEnvelope,
  onState: view.setConnection,
  onClosed: () => refreshButtons(),
}, options);

/** What a Call needs from the page. */
const ctx = {
  options,
  send: (message) => signaling.send(message),
  selfId: () => signaling.selfId,
  localStream: () => session.localStream,
  iceServers: () => session.iceServers,
  register,
  forget: (id) => {
    session.calls.delete(id);
    rememberEnded(id);
  },
  end: endCall,
  changed,
  ringing: (call) => {
    session.prompts.set(call, view.showPrompt(call, () => {
      removePrompt(call);
      call.accept();
    }, () => endCall(call, 'declined', true)));
    changed(call);
  },
  message: (call, data) => chat.onChatMessage(call, data),
  files: (call) => chat.fileHooks(call),
};
const chat = createChat(session, options);

// ------------------------------------------------------------------ start

ui.room.value = params.get('room') || ui.room.value;
ui.name.value = params.get('name') || '';

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  start().catch((e) => view.showMessage('Could not start: ' + describe(e), true));
});
ui.call.addEventListener('click', () => {
  if (session.selectedPeer) {
    startCall(session.selectedPeer);
  }
});
ui.callAll.addEventListener('click', () => {
  for (const id of session.peers.keys()) {
    startCall(id);
  }
});
ui.hangup.addEventListener('click', () => hangUpAll());
ui.chatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  chat.sendChat(ui.chatInput.value);
});
ui.fileInput.addEventListener('change', () => {
  [...ui.fileInput.files].forEach(chat.sendFile);
  ui.fileInput.value = '';
});
ui.chat.addEventListener('dragover', (event) => {
  event.preventDefault();
  ui.chat.classList.add('dropping');
});
ui.chat.addEventListener('dragleave', () => ui.chat.classList.remove('dropping'));
ui.chat.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.chat.classList.remove('dropping');
  [...(event.dataTransfer ? event.dataTransfer.files : [])].forEach(chat.sendFile);
});
window.addEventListener('pagehide', () => {
  for (const call of [...session.calls.values()]) {
    endCall(call, call.isRingingIncoming() ? 'declined' : 'hangup', true);
  }
  if (signaling.joined) {
    signaling.send({type: 'leave'});
  }
  signaling.stop();
});

async function start() {
  if (session.started) {
    return;
  }
  const room = ui.room.value.trim();
  const name = ui.name.value.trim();
  if (!NAME_PATTERN.test(room)) {
    view.showMessage('Room names use letters, digits, ".", "_" and "-" (1 to 64 characters).', true);
    return;
  }
  if (name.length > 64) {
    view.showMessage('A name has at most 64 characters.', true);
    return;
  }
  session.started = true;
  ui.start.disabled = true;
  ui.room.disabled = true;
  ui.name.disabled = true;
  session.localStream = await openLocalMedia();
  ui.localVideo.srcObject = session.localStream;
  describeLocalMedia();
  signaling.connect(room, name || null);
}

/** Camera and microphone; with less if that fails (a receive-only peer still works). */
async function openLocalMedia() {
  const attempts = [{video: true, audio: true}, {video: true, audio: false}, {video: false, audio: true}];
  let lastError = null;
  for (const constraints of attempts) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (e) {
      lastError = e;
    }
  }
  view.showMessage('No camera or microphone (' + describe(lastError) + '); calls will only receive.', true);
  return new MediaStream();
}

function describeLocalMedia() {
  const video = session.localStream.getVideoTracks()[0];
  const audio = session.localStream.getAudioTracks()[0];
  const settings = video ? video.getSettings() : null;
  ui.localInfo.textContent = (settings ? settings.width + 'x' + settings.height : 'no camera')
      + (audio ? '' : ', no microphone');
}

// ------------------------------------------------------------------ signaling

function onEnvelope(message) {
  switch (message.type) {
    case 'welcome': return onWelcome(message);
    case 'peer-joined': return onPeerJoined(message.peer);
    case 'peer-left': return onPeerLeft(message.peer && message.peer.id);
    case 'error': return onServerError(message);
    case 'offer':
    case 'answer':
    case 'candidate':
    case 'bye':
      return onDirected(message);
    default:
      log('dropping unknown message type', message.type);
  }
}

function onWelcome(message) {
  const previousId = signaling.selfId;
  signaling.welcomed(message);
  session.iceServers = Array.isArray(message.iceServers) ? message.iceServers : [];
  if (previousId && previousId !== message.self) {
    // Our old id is gone: the peers cannot address the calls set up under it any more.
    for (const call of [...session.calls.values()]) {
      endCall(call, 'failed', false, 'signaling reconnected under a new id');
    }
  }
  const fresh = new Map();
  for (const peer of Array.isArray(message.peers) ? message.peers : []) {
    if (peer && peer.id && peer.id !== signaling.selfId) {
      fresh.set(peer.id, {id: peer.id, name: peer.name || null});
    }
  }
  for (const id of [...session.peers.keys()]) {
    if (!fresh.has(id)) {
      onPeerLeft(id);
    }
  }
  for (const peer of fresh.values()) {
    onPeerJoined(peer);
  }
  view.setConnection('joined', 'in room ' + signaling.room);
  ui.self.textContent = 'You are ' + (signaling.displayName ? signaling.displayName + ' (' + signaling.selfId + ')'
      : signaling.selfId);
  renderPeers();
  for (const call of session.calls.values()) {
    call.signalingBack();
  }
}

function onPeerJoined(peer) {
  if (!peer || typeof peer.id !== 'string' || peer.id === signaling.selfId) {
    return;
  }
  session.peers.set(peer.id, {id: peer.id, name: peer.name || null});
  const call = callWithPeer(peer.id);
  if (call && call.peerLeftTimer) {
    clearTimeout(call.peerLeftTimer); // it came back (resumed its id) while the media went on
    call.peerLeftTimer = null;
  }
  if (call) {
    call.peerName = peer.name || call.peerName;
    changed(call);
  }
  renderPeers();
}

function onPeerLeft(peerId) {
  if (!peerId) {
    return;
  }
  session.peers.delete(peerId);
  if (session.selectedPeer === peerId) {
    session.selectedPeer = null;
  }
  const call = callWithPeer(peerId);
  if (call) {
    const live = call.state === 'connected' || call.state === 'reconnecting';
    if (live && !call.peerLeftTimer) {
      call.peerLeftTimer = setTimeout(() => endCall(call, 'peer-left', false, 'the peer left the room'), PEER_LEFT_GRACE_MS);
    } else if (!live) {
      endCall(call, 'peer-left', false, 'the peer left the room');
    }
  }
  renderPeers();
}

function onServerError(message) {
  const text = 'Server refused ' + (message.ref || 'a message') + ': ' + message.code
      + (message.message ? ' (' + message.message + ')' : '');
  view.showMessage(text, true);
  if (!signaling.joined && (message.ref === 'join' || message.code === 'unauthorized' || message.code === 'room-full')) {
    view.setConnection('error', 'not joined: ' + message.code);
    signaling.stop();
  }
}

function onDirected(message) {
  const problem = directedProblem(message, signaling.selfId);
  if (problem) {
    log('dropping', problem);
    return;
  }
  const call = session.calls.get(message.call);
  if (call && call.peerId !== message.from) {
    log('dropping', message.type, 'for call', message.call, 'from', message.from, 'who is not in it');
    return;
  }
  const ended = session.endedCallIds.has(message.call);
  switch (message.type) {
    case 'offer':
      return onOffer(message, call, ended);
    case 'answer':
      if (call) {
        call.onAnswer(message.sdp);
      } else {
        log('dropping answer of', ended ? 'ended' : 'unknown', 'call', message.call);
      }
      return;
    case 'candidate':
      if (call) {
        call.onCandidate(message.candidate);
      } else if (!ended && message.candidate) {
        keepEarlyCandidate(message.call, message.candidate);
      }
      return;
    case 'bye':
      session.earlyCandidates.delete(message.call);
      log('bye', message.reason || '', 'for', call ? 'call' : 'unknown call', message.call);
      if (call) {
        const reason = BYE_REASONS.includes(message.reason) ? message.reason : 'hangup';
        endCall(call, reason, false, 'the peer ended it: ' + reason);
      } else {
        rememberEnded(message.call);
      }
      return;
    default:
      return;
  }
}

function onOffer(message, known, ended) {
  if (ended) {
    log('dropping offer of ended call', message.call);
    return;
  }
  if (typeof message.sdp !== 'string') {
    log('dropping offer without sdp');
    return;
  }
  if (known) {
    known.onRenegotiationOffer(message.sdp); // same call id (renegotiation, ICE restart): answered without ringing
    return;
  }
  const other = callWithPeer(message.from);
  if (!other) {
    const peer = session.peers.get(message.from);
    const call = new Call(ctx, message.from, peer ? peer.name : null, 'incoming', message.call);
    call.pendingOffer = message.sdp;
    register(call);
    call.ring();
    return;
  }
  if (other.isUnansweredOutgoing()) {
    // Both pressed Call at once: the polite side takes the other's call; the impolite side ignores it.
    if (isPolite(signaling.selfId, message.from)) {
      other.adopt(message.call, message.sdp);
    } else {
      rememberEnded(message.call);
    }
    return;
  }
  rememberEnded(message.call);
  signaling.send({type: 'bye', to: message.from, call: message.call, reason: 'busy'});
}

function keepEarlyCandidate(callId, candidate) {
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

function rememberEnded(callId) {
  session.endedCallIds.delete(callId);
  session.endedCallIds.add(callId);
  if (session.endedCallIds.size > REMEMBERED_ENDED_CALLS) {
    session.endedCallIds.delete(session.endedCallIds.values().next().value);
  }
}

// ------------------------------------------------------------------ calls

function register(call) {
  session.calls.set(call.id, call);
  if (!session.tiles.has(call)) {
    session.tiles.set(call, new view.Tile(call));
  }
  const early = session.earlyCandidates.get(call.id);
  session.earlyCandidates.delete(call.id);
  if (early) {
    early.forEach((c) => call.onCandidate(c));
  }
  changed(call);
  renderPeers();
}

function callWithPeer(peerId) {
  for (const call of session.calls.values()) {
    if (call.peerId === peerId) {
      return call;
    }
  }
  return null;
}

function startCall(peerId) {
  if (!signaling.joined || !session.peers.has(peerId) || callWithPeer(peerId)) {
    return callWithPeer(peerId);
  }
  const call = new Call(ctx, peerId, session.peers.get(peerId).name, 'outgoing', newCallId());
  register(call);
  call.startOutgoing();
  return call;
}

function hangUpAll() {
  for (const call of [...session.calls.values()]) {
    endCall(call, call.isRingingIncoming() ? 'declined' : 'hangup', true);
  }
}

/**
 * Ends a call once: with sendBye, tells the peer (bye with reason); closes the peer connection and remembers
 * the call id so that later messages of it are dropped. reason: a protocol bye reason, or peer-left.
 */
function endCall(call, reason, sendBye, detail) {
  if (call.state === 'ended') {
    return;
  }
  if (sendBye && BYE_REASONS.includes(reason)) {
    signaling.send({type: 'bye', to: call.peerId, call: call.id, reason});
  }
  call.endReason = reason;
  call.endDetail = detail || (sendBye ? 'you ended it: ' + reason : reason);
  removePrompt(call);
  call.close();
  session.calls.delete(call.id);
  rememberEnded(call.id);
  session.history.push(call);
  if (session.history.length > 50) {
    session.history.shift();
  }
  changed(call);
  const tile = session.tiles.get(call);
  session.tiles.delete(call);
  if (tile) {
    tile.removeLater();
  }
  renderPeers();
}

function removePrompt(call) {
  const prompt = session.prompts.get(call);
  if (prompt) {
    prompt.remove();
    session.prompts.delete(call);
  }
}

function changed(call) {
  const tile = session.tiles.get(call);
  if (tile) {
    tile.render(call);
  }
  refreshButtons();
  view.renderChatCalls([...session.calls.values()]);
}

function renderPeers() {
  if (session.selectedPeer && !session.peers.has(session.selectedPeer)) {
    session.selectedPeer = null;
  }
  if (!session.selectedPeer && session.peers.size === 1) {
    session.selectedPeer = session.peers.keys().next().value;
  }
  view.renderPeers(session, callWithPeer, {
    select: (id) => {
      session.selectedPeer = id;
      renderPeers();
    },
    call: startCall,
  });
}

function refreshButtons() {
  view.refreshButtons(session, callWithPeer);
}

startStatsTimer(() => session.calls.values(), changed);

// ------------------------------------------------------------------ test hook

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

refreshButtons();
view.renderChatCalls([]);
if (options.autostart) {
  start().catch((e) => view.showMessage('Could not start: ' + describe(e), true));
}
