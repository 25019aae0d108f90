/*
 * Callwire browser client: native ES modules, no build step.
 *   protocol.js   envelope checks, names, ids          signaling.js  the WebSocket, join, reconnect
 *   call.js       one RTCPeerConnection per call, perfect negotiation
 *   files.js      the file sub-protocol on "callwire-files"   stats.js  getStats for tiles and tests
 *   view.js       the DOM                               chat.js       chat and file transfer rows
 *   call-restart.js  automatic ICE restart of a call   call-channels.js  its data channels
 *   room-resume.js   calls across signaling drops      test-hook.js  window.callwire
 *   call-memory.js   early candidates, ended call ids  local-media.js  camera and microphone
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
 * .chat(text), .transfers(), .receivedText(id) (a promise of a received file's text), .remoteVideo(callId).
 */
import {BYE_REASONS, NAME_PATTERN, describe, directedProblem, flag, isPolite, log, newCallId} from './protocol.js';
import {Signaling} from './signaling.js';
import {Call} from './call.js';
import {startStatsTimer} from './stats.js';
import * as memory from './call-memory.js';
import {describeLocalMedia, openLocalMedia} from './local-media.js';
import * as resume from './room-resume.js';
import {installTestHook} from './test-hook.js';
import * as view from './view.js';
import {createChat} from './chat.js';

const {ui} = view;

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
    memory.rememberEnded(session, id);
  },
  end: endCall,
  changed,
  signalingSuspect: (why) => signaling.reconnectNow(why),
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
view.bindChatControls(chat.sendChat, chat.sendFile);
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
  describeLocalMedia(session.localStream);
  signaling.connect(room, name || null);
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
  resume.keepOrEndCalls(session, previousId, message.self, endCall);
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
  resume.signalingBack(session);
}

function onPeerJoined(peer) {
  if (!peer || typeof peer.id !== 'string' || peer.id === signaling.selfId) {
    return;
  }
  session.peers.set(peer.id, {id: peer.id, name: peer.name || null});
  const call = callWithPeer(peer.id);
  if (call) {
    resume.peerBack(call);
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
    resume.peerLeft(call, endCall);
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
        memory.keepEarlyCandidate(session, message.call, message.candidate);
      }
      return;
    case 'bye':
      session.earlyCandidates.delete(message.call);
      log('bye', message.reason || '', 'for', call ? 'call' : 'unknown call', message.call);
      if (call) {
        const reason = BYE_REASONS.includes(message.reason) ? message.reason : 'hangup';
        endCall(call, reason, false, 'the peer ended it: ' + reason);
      } else {
        memory.rememberEnded(session, message.call);
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
      memory.rememberEnded(session, message.call);
    }
    return;
  }
  memory.rememberEnded(session, message.call);
  signaling.send({type: 'bye', to: message.from, call: message.call, reason: 'busy'});
}

// ------------------------------------------------------------------ calls

function register(call) {
  session.calls.set(call.id, call);
  if (!session.tiles.has(call)) {
    session.tiles.set(call, new view.Tile(call));
  }
  memory.takeEarlyCandidates(session, call.id).forEach((c) => call.onCandidate(c));
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
  memory.rememberEnded(session, call.id);
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

installTestHook(session, signaling, {startCall, hangUpAll, chat});

refreshButtons();
view.renderChatCalls([]);
if (options.autostart) {
  start().catch((e) => view.showMessage('Could not start: ' + describe(e), true));
}
