/*
 * Callwire browser client: plain JavaScript, no build step.
 *
 * Speaks the Callwire signaling protocol, version 1 (see docs/protocol.md), over the raw WebSocket
 * endpoint /ws of the server that serves this page. One RTCPeerConnection per call; perfect
 * negotiation with the lower peer id (plain string comparison) polite; ICE candidates that arrive
 * before their offer or answer are kept per call id; messages of ended call ids are dropped.
 *
 * Query parameters (handy for tests): room=R, name=N, autostart=1 (press Start on load),
 * autoanswer=1 (accept incoming calls at once), ring=SECONDS (ring timeout, default 45), token=T (join
 * token, for servers that require one), debug=1 (log every received message's type, sender and call id
 * to the console).
 *
 * Test hook: window.callwire.state() and window.callwire.stats() (a promise of per-call inbound stats).
 */
(() => {
  'use strict';

  const PROTOCOL_VERSION = 1;
  const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
  const MAX_EARLY_CALLS = 64;
  const MAX_CANDIDATES_PER_CALL = 256;
  const REMEMBERED_ENDED_CALLS = 512;
  const CONNECT_TIMEOUT_MS = 30000;
  const PEER_LEFT_GRACE_MS = 15000;
  const BYE_REASONS = ['hangup', 'declined', 'busy', 'timeout', 'failed'];

  const params = new URLSearchParams(location.search);
  const options = {
    autostart: flag(params.get('autostart')),
    autoanswer: flag(params.get('autoanswer')),
    ringTimeoutMs: Math.max(1, Number(params.get('ring')) || 45) * 1000,
    debug: flag(params.get('debug')),
    token: params.get('token') || null,
  };

  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $('join-form'), room: $('room'), name: $('name'), start: $('start'), self: $('self'),
    connection: $('connection'), peers: $('peers'), noPeers: $('no-peers'), call: $('call'),
    callAll: $('call-all'), hangup: $('hangup'), incoming: $('incoming'), message: $('message'),
    localVideo: $('local-video'), localInfo: $('local-info'), remotes: $('remotes'),
  };

  /** Everything the client knows; one instance per page. */
  const session = {
    ws: null,
    room: null,
    displayName: null,
    selfId: null,
    joined: false,
    started: false,
    stopped: false,
    reconnectAttempts: 0,
    iceServers: [],
    localStream: null,
    peers: new Map(),          // id -> {id, name}
    selectedPeer: null,
    calls: new Map(),          // call id -> Call (live calls)
    endedCallIds: new Set(),   // insertion ordered, trimmed to REMEMBERED_ENDED_CALLS
    earlyCandidates: new Map(),// call id -> [candidate] for calls not seen yet
    history: [],               // ended calls, for the test hook
  };

  // ------------------------------------------------------------------ start / signaling connection

  ui.room.value = params.get('room') || ui.room.value;
  ui.name.value = params.get('name') || '';

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    start().catch((e) => showMessage('Could not start: ' + describe(e), true));
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
  window.addEventListener('pagehide', () => {
    session.stopped = true;
    for (const call of [...session.calls.values()]) {
      endCall(call, call.isRingingIncoming() ? 'declined' : 'hangup', true);
    }
    if (session.joined) {
      send({type: 'leave'});
    }
  });

  async function start() {
    if (session.started) {
      return;
    }
    const room = ui.room.value.trim();
    const name = ui.name.value.trim();
    if (!NAME_PATTERN.test(room)) {
      showMessage('Room names use letters, digits, ".", "_" and "-" (1 to 64 characters).', true);
      return;
    }
    if (name.length > 64) {
      showMessage('A name has at most 64 characters.', true);
      return;
    }
    session.started = true;
    session.room = room;
    session.displayName = name || null;
    ui.start.disabled = true;
    ui.room.disabled = true;
    ui.name.disabled = true;
    session.localStream = await openLocalMedia();
    ui.localVideo.srcObject = session.localStream;
    describeLocalMedia();
    connect();
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
    showMessage('No camera or microphone (' + describe(lastError) + '); calls will only receive.', true);
    return new MediaStream();
  }

  function describeLocalMedia() {
    const video = session.localStream.getVideoTracks()[0];
    const audio = session.localStream.getAudioTracks()[0];
    const settings = video ? video.getSettings() : null;
    ui.localInfo.textContent = (settings ? settings.width + 'x' + settings.height : 'no camera')
        + (audio ? '' : ', no microphone');
  }

  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    setConnection(session.selfId ? 'reconnecting' : 'connecting', session.selfId ? 'reconnecting…' : 'connecting…');
    const ws = new WebSocket(url);
    session.ws = ws;
    ws.onopen = () => {
      const join = {type: 'join'};
      if (session.displayName) {
        join.name = session.displayName;
      }
      if (options.token) {
        join.token = options.token; // rooms that require a join token
      }
      if (session.selfId) {
        join.resume = session.selfId; // Callwire servers give the old id back, proven by the key of its welcome
        if (session.resumeKey) {
          join.resumeKey = session.resumeKey;
        }
      }
      send(join, ws);
    };
    ws.onmessage = (event) => onSignal(event.data);
    ws.onclose = () => {
      if (session.ws !== ws) {
        return;
      }
      session.ws = null;
      session.joined = false;
      refreshButtons();
      if (session.stopped) {
        return;
      }
      // Calls keep their media meanwhile; only signaling is gone.
      const delay = Math.min(10000, 1000 * 2 ** Math.min(session.reconnectAttempts++, 4));
      setConnection('reconnecting', 'signaling lost, retrying in ' + Math.round(delay / 1000) + ' s');
      setTimeout(connect, delay);
    };
  }

  function send(message, ws = session.ws) {
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      log('not connected; dropping', message.type);
      return false;
    }
    ws.send(JSON.stringify(Object.assign({v: PROTOCOL_VERSION, room: session.room}, message)));
    return true;
  }

  function onSignal(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      log('dropping a frame that is not JSON');
      return;
    }
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') {
      log('dropping a message without type');
      return;
    }
    if (options.debug) {
      log('<-', message.type, message.from || '', message.call || '', message.reason || message.code || '');
    }
    if (message.v !== PROTOCOL_VERSION) {
      log('dropping a message of protocol version', message.v);
      return;
    }
    if (message.room !== undefined && message.room !== session.room && message.type !== 'error') {
      log('dropping', message.type, 'for room', message.room);
      return;
    }
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
    const previousId = session.selfId;
    session.selfId = message.self;
    session.resumeKey = typeof message.resumeKey === 'string' ? message.resumeKey : null; // a secret: never shown
    session.joined = true;
    session.reconnectAttempts = 0;
    session.iceServers = Array.isArray(message.iceServers) ? message.iceServers : [];
    if (previousId && previousId !== message.self) {
      // Our old id is gone: the peers cannot address the calls set up under it any more.
      for (const call of [...session.calls.values()]) {
        endCall(call, 'failed', false, 'signaling reconnected under a new id');
      }
    }
    const fresh = new Map();
    for (const peer of Array.isArray(message.peers) ? message.peers : []) {
      if (peer && peer.id && peer.id !== session.selfId) {
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
    setConnection('joined', 'in room ' + session.room);
    ui.self.textContent = 'You are ' + (session.displayName ? session.displayName + ' (' + session.selfId + ')'
        : session.selfId);
    renderPeers();
  }

  function onPeerJoined(peer) {
    if (!peer || typeof peer.id !== 'string' || peer.id === session.selfId) {
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
      call.render();
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
      if ((call.state === 'connected' || call.state === 'reconnecting') && !call.peerLeftTimer) {
        call.peerLeftTimer = setTimeout(() => endCall(call, 'peer-left', false, 'the peer left the room'), PEER_LEFT_GRACE_MS);
      } else if (call.state !== 'connected' && call.state !== 'reconnecting') {
        endCall(call, 'peer-left', false, 'the peer left the room');
      }
    }
    renderPeers();
  }

  function onServerError(message) {
    const text = 'Server refused ' + (message.ref || 'a message') + ': ' + message.code
        + (message.message ? ' (' + message.message + ')' : '');
    showMessage(text, true);
    if (!session.joined && (message.ref === 'join' || message.code === 'unauthorized' || message.code === 'room-full')) {
      session.stopped = true;
      setConnection('error', 'not joined: ' + message.code);
      if (session.ws) {
        session.ws.close();
      }
    }
  }

  // ------------------------------------------------------------------ directed messages

  function onDirected(message) {
    if (typeof message.from !== 'string' || !message.from) {
      log('dropping', message.type, 'without a sender');
      return;
    }
    if (!session.selfId || message.to !== session.selfId) {
      log('dropping', message.type, 'addressed to', message.to);
      return;
    }
    if (typeof message.call !== 'string' || !NAME_PATTERN.test(message.call)) {
      log('dropping', message.type, 'without a valid call id');
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
      known.onRenegotiationOffer(message.sdp); // same call id: answered without ringing
      return;
    }
    const other = callWithPeer(message.from);
    if (!other) {
      const call = new Call(message.from, 'incoming', message.call);
      call.pendingOffer = message.sdp;
      register(call);
      call.ring();
      return;
    }
    if (other.isUnansweredOutgoing()) {
      // Both pressed Call at once: the polite side takes the other's call; the impolite side ignores it.
      if (isPolite(message.from)) {
        other.adopt(message.call, message.sdp);
      } else {
        rememberEnded(message.call);
      }
      return;
    }
    rememberEnded(message.call);
    send({type: 'bye', to: message.from, call: message.call, reason: 'busy'});
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

  function register(call) {
    session.calls.set(call.id, call);
    const early = session.earlyCandidates.get(call.id);
    session.earlyCandidates.delete(call.id);
    if (early) {
      early.forEach((c) => call.onCandidate(c));
    }
    renderPeers();
  }

  function isPolite(remoteId) {
    return session.selfId < remoteId; // plain string comparison, as the protocol says
  }

  function callWithPeer(peerId) {
    for (const call of session.calls.values()) {
      if (call.peerId === peerId) {
        return call;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ calls

  function startCall(peerId) {
    if (!session.joined || !session.peers.has(peerId) || callWithPeer(peerId)) {
      return callWithPeer(peerId);
    }
    const call = new Call(peerId, 'outgoing', newCallId());
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
   * Ends a call once: with sendBye, tells the peer (bye with reason); closes the peer connection and
   * remembers the call id so that later messages of it are dropped. reason: hangup, declined, busy,
   * timeout, failed (the protocol's bye reasons) or peer-left.
   */
  function endCall(call, reason, sendBye, detail) {
    if (call.state === 'ended') {
      return;
    }
    if (sendBye && BYE_REASONS.includes(reason)) {
      send({type: 'bye', to: call.peerId, call: call.id, reason});
    }
    call.endReason = reason;
    call.endDetail = detail || (sendBye ? 'you ended it: ' + reason : reason);
    call.close();
    session.calls.delete(call.id);
    rememberEnded(call.id);
    session.history.push(call);
    if (session.history.length > 50) {
      session.history.shift();
    }
    renderPeers();
  }

  class Call {
    constructor(peerId, direction, id) {
      const peer = session.peers.get(peerId);
      this.id = id;
      this.peerId = peerId;
      this.peerName = peer ? peer.name : null;
      this.direction = direction;
      this.state = 'ringing';
      this.endReason = null;
      this.endDetail = null;
      this.pc = null;
      this.pendingOffer = null;
      this.pendingCandidates = [];
      this.remoteDescriptionSet = false;
      this.negotiatedOnce = false;
      this.makingOffer = false;
      this.ignoreOffer = false;
      this.ringTimer = null;
      this.connectTimer = null;
      this.peerLeftTimer = null;
      this.remoteStream = new MediaStream();
      this.lastStats = null;
      this.startedAt = performance.now();
      this.createTile();
    }

    isRingingIncoming() {
      return this.direction === 'incoming' && this.state === 'ringing';
    }

    isUnansweredOutgoing() {
      return this.direction === 'outgoing' && this.state === 'ringing' && !this.remoteDescriptionSet;
    }

    polite() {
      return isPolite(this.peerId);
    }

    startOutgoing() {
      this.createPeerConnection();
      this.addLocalMedia(true); // fires negotiationneeded, which sends the offer
      this.startRingTimer();
      this.render();
    }

    ring() {
      this.startRingTimer();
      if (options.autoanswer) {
        this.accept();
        return;
      }
      const prompt = document.createElement('div');
      prompt.className = 'prompt';
      prompt.dataset.callId = this.id;
      const text = document.createElement('p');
      text.textContent = 'Incoming call from ' + peerLabel(this.peerId, this.peerName);
      const accept = button('Accept', 'accept', () => this.accept());
      const decline = button('Decline', 'decline danger', () => endCall(this, 'declined', true));
      const row = document.createElement('div');
      row.className = 'buttons';
      row.append(accept, decline);
      prompt.append(text, row);
      ui.incoming.append(prompt);
      this.prompt = prompt;
      this.render();
    }

    async accept() {
      if (!this.isRingingIncoming() || this.pc) {
        return;
      }
      this.removePrompt();
      clearTimeout(this.ringTimer);
      this.createPeerConnection();
      const offer = this.pendingOffer;
      this.pendingOffer = null;
      try {
        await this.pc.setRemoteDescription({type: 'offer', sdp: offer});
        if (this.state === 'ended') {
          return;
        }
        this.remoteDescriptionSet = true;
        this.flushCandidates();
        this.addLocalMedia(false); // reuses the offer's transceivers, so the answer sends as well
        await this.pc.setLocalDescription();
        if (this.state === 'ended') {
          return;
        }
        send({type: 'answer', to: this.peerId, call: this.id, sdp: this.pc.localDescription.sdp});
        this.negotiatedOnce = true;
        this.moveTo('connecting');
        this.startConnectTimer();
      } catch (e) {
        this.fail('answering the call', e);
      }
    }

    /** Both sides called at once and we are polite: our call takes their id and answers their offer. */
    async adopt(theirId, sdp) {
      log('both sides called at once; taking call', theirId, 'instead of', this.id);
      const ourId = this.id;
      session.calls.delete(ourId);
      rememberEnded(ourId);
      this.id = theirId;
      this.pendingCandidates = [];
      register(this);
      this.tile.dataset.callId = theirId;
      try {
        await this.pc.setRemoteDescription({type: 'offer', sdp}); // rolls our own offer back implicitly
        if (this.state === 'ended') {
          return;
        }
        this.remoteDescriptionSet = true;
        this.flushCandidates();
        await this.pc.setLocalDescription();
        if (this.state === 'ended') {
          return;
        }
        send({type: 'answer', to: this.peerId, call: this.id, sdp: this.pc.localDescription.sdp});
        this.negotiatedOnce = true;
        clearTimeout(this.ringTimer);
        this.moveTo('connecting');
        this.startConnectTimer();
      } catch (e) {
        this.fail('answering the crossing call', e);
      }
    }

    /** An offer under this call's id: renegotiation (or the caller re-offering while we still ring). */
    async onRenegotiationOffer(sdp) {
      if (!this.pc) {
        this.pendingOffer = sdp; // not accepted yet: keep the newest offer
        return;
      }
      const collision = this.makingOffer || this.pc.signalingState !== 'stable';
      this.ignoreOffer = !this.polite() && collision;
      if (this.ignoreOffer) {
        log(this.id, 'offers collided; ignoring theirs (we are impolite)');
        return;
      }
      try {
        await this.pc.setRemoteDescription({type: 'offer', sdp}); // rolls back ours when we are polite
        if (this.state === 'ended') {
          return;
        }
        this.remoteDescriptionSet = true;
        this.flushCandidates();
        await this.pc.setLocalDescription();
        if (this.state === 'ended') {
          return;
        }
        send({type: 'answer', to: this.peerId, call: this.id, sdp: this.pc.localDescription.sdp});
      } catch (e) {
        this.fail('answering a renegotiation', e);
      }
    }

    async onAnswer(sdp) {
      if (!this.pc || typeof sdp !== 'string' || this.pc.signalingState !== 'have-local-offer') {
        log(this.id, 'dropping an answer that matches no offer of ours');
        return;
      }
      try {
        await this.pc.setRemoteDescription({type: 'answer', sdp});
        if (this.state === 'ended') {
          return;
        }
        this.remoteDescriptionSet = true;
        this.flushCandidates();
        if (!this.negotiatedOnce) {
          this.negotiatedOnce = true;
          clearTimeout(this.ringTimer);
          this.moveTo('connecting');
          this.startConnectTimer();
        }
      } catch (e) {
        this.fail('applying the answer', e);
      }
    }

    onCandidate(candidate) {
      if (this.state === 'ended' || !candidate) {
        return; // end of candidates needs no action
      }
      if (typeof candidate !== 'object' || typeof candidate.candidate !== 'string') {
        log(this.id, 'dropping a malformed candidate');
        return;
      }
      if (!this.pc || !this.remoteDescriptionSet) {
        if (this.pendingCandidates.length < MAX_CANDIDATES_PER_CALL) {
          this.pendingCandidates.push(candidate);
        }
        return;
      }
      this.addCandidate(candidate);
    }

    flushCandidates() {
      const pending = this.pendingCandidates;
      this.pendingCandidates = [];
      pending.forEach((c) => this.addCandidate(c));
    }

    addCandidate(candidate) {
      const init = {candidate: candidate.candidate};
      if (candidate.sdpMid !== undefined && candidate.sdpMid !== null) {
        init.sdpMid = candidate.sdpMid;
      }
      if (Number.isInteger(candidate.sdpMLineIndex)) {
        init.sdpMLineIndex = candidate.sdpMLineIndex;
      }
      this.pc.addIceCandidate(init).catch((e) => {
        if (!this.ignoreOffer) {
          log(this.id, 'remote candidate rejected:', describe(e));
        }
      });
    }

    createPeerConnection() {
      const pc = new RTCPeerConnection({iceServers: session.iceServers});
      this.pc = pc;
      pc.onicecandidate = (event) => {
        if (this.state === 'ended' || this.pc !== pc) {
          return;
        }
        if (event.candidate && !event.candidate.candidate) {
          return; // an empty candidate line marks the end of a generation; null below says it for all
        }
        send({
          type: 'candidate', to: this.peerId, call: this.id,
          candidate: event.candidate ? {
            candidate: event.candidate.candidate,
            sdpMid: event.candidate.sdpMid,
            sdpMLineIndex: event.candidate.sdpMLineIndex,
          } : null,
        });
      };
      pc.onnegotiationneeded = async () => {
        if (this.state === 'ended' || this.pc !== pc) {
          return;
        }
        if (this.direction === 'incoming' && !this.negotiatedOnce) {
          return; // the answer to the caller's offer covers it
        }
        try {
          this.makingOffer = true;
          await pc.setLocalDescription();
          if (this.state === 'ended' || pc.signalingState !== 'have-local-offer') {
            return;
          }
          send({type: 'offer', to: this.peerId, call: this.id, sdp: pc.localDescription.sdp});
        } catch (e) {
          log(this.id, 'offer abandoned:', describe(e));
          if (!this.negotiatedOnce) {
            this.fail('creating the offer', e);
          }
        } finally {
          this.makingOffer = false;
        }
      };
      pc.ontrack = (event) => {
        if (!this.remoteStream.getTracks().includes(event.track)) {
          this.remoteStream.addTrack(event.track);
        }
        this.playRemote();
      };
      pc.onconnectionstatechange = () => {
        if (this.state === 'ended' || this.pc !== pc) {
          return;
        }
        log(this.id, 'connection', pc.connectionState, 'ICE', pc.iceConnectionState);
        switch (pc.connectionState) {
          case 'connected':
            clearTimeout(this.connectTimer);
            this.moveTo('connected');
            break;
          case 'disconnected':
            if (this.state === 'connected') {
              this.moveTo('reconnecting');
            }
            break;
          case 'failed':
            endCall(this, 'failed', true, 'ICE/DTLS failed (connection state ' + pc.connectionState + ', ICE '
                + pc.iceConnectionState + ')');
            break;
          default:
            break;
        }
      };
    }

    /** Sends our camera and microphone; kinds we lack are received only (outgoing calls). */
    addLocalMedia(outgoing) {
      const stream = session.localStream || new MediaStream();
      for (const track of stream.getTracks()) {
        this.pc.addTrack(track, stream);
      }
      if (outgoing) {
        for (const kind of ['audio', 'video']) {
          if (stream.getTracks().every((t) => t.kind !== kind)) {
            this.pc.addTransceiver(kind, {direction: 'recvonly'});
          }
        }
      }
    }

    startRingTimer() {
      clearTimeout(this.ringTimer);
      this.ringTimer = setTimeout(() => {
        if (this.state === 'ringing') {
          endCall(this, 'timeout', true, 'nobody answered in ' + options.ringTimeoutMs / 1000 + ' s');
        }
      }, options.ringTimeoutMs);
    }

    startConnectTimer() {
      clearTimeout(this.connectTimer);
      this.connectTimer = setTimeout(() => {
        if (this.state === 'connecting') {
          endCall(this, 'failed', true, 'media did not connect within ' + CONNECT_TIMEOUT_MS / 1000 + ' s');
        }
      }, CONNECT_TIMEOUT_MS);
    }

    fail(what, error) {
      if (this.state === 'ended') {
        return;
      }
      log(this.id, 'failed while', what + ':', describe(error));
      endCall(this, 'failed', true, what + ': ' + describe(error));
    }

    moveTo(state) {
      if (this.state === 'ended' || this.state === state) {
        return;
      }
      this.state = state;
      this.render();
      refreshButtons();
    }

    close() {
      this.state = 'ended';
      clearTimeout(this.ringTimer);
      clearTimeout(this.connectTimer);
      clearTimeout(this.peerLeftTimer);
      this.removePrompt();
      if (this.pc) {
        this.pc.close();
      }
      this.remoteStream.getTracks().forEach((t) => this.remoteStream.removeTrack(t));
      this.render();
      // The tile stays a moment so the end reason can be read.
      const tile = this.tile;
      setTimeout(() => tile.remove(), 4000);
    }

    removePrompt() {
      if (this.prompt) {
        this.prompt.remove();
        this.prompt = null;
      }
    }

    // ---- view ----

    createTile() {
      const tile = document.createElement('figure');
      tile.className = 'tile remote';
      tile.dataset.callId = this.id;
      tile.dataset.peerId = this.peerId;
      const video = document.createElement('video');
      video.autoplay = true;
      video.playsInline = true;
      const caption = document.createElement('figcaption');
      const who = document.createElement('span');
      who.className = 'who';
      const status = document.createElement('span');
      status.className = 'status';
      caption.append(who, status);
      tile.append(video, caption);
      ui.remotes.append(tile);
      this.tile = tile;
      this.video = video;
      this.whoLabel = who;
      this.statusLabel = status;
      video.srcObject = this.remoteStream;
      this.render();
    }

    playRemote() {
      const video = this.video;
      video.play().catch(() => {
        // Autoplay with sound refused: play muted and offer to unmute.
        video.muted = true;
        video.play().catch(() => {});
        if (!this.unmuteButton) {
          this.unmuteButton = button('Unmute', 'secondary', () => {
            video.muted = false;
            this.unmuteButton.remove();
            this.unmuteButton = null;
          });
          this.tile.querySelector('figcaption').append(this.unmuteButton);
        }
      });
    }

    render() {
      if (!this.tile) {
        return;
      }
      this.tile.dataset.state = this.state;
      this.whoLabel.textContent = peerLabel(this.peerId, this.peerName)
          + (this.direction === 'incoming' ? ' (called you)' : '');
      let text = this.state === 'ringing' && this.direction === 'outgoing' ? 'calling…' : this.state;
      const s = this.lastStats;
      if ((this.state === 'connected' || this.state === 'reconnecting') && s) {
        text += ' · ' + (s.frameWidth ? s.frameWidth + 'x' + s.frameHeight : 'no video yet')
            + (s.framesPerSecond ? ' ' + Math.round(s.framesPerSecond) + ' fps' : '')
            + ' · ' + s.framesDecoded + ' frames · audio ' + s.audioPacketsReceived + ' pkts';
      }
      if (this.state === 'ended') {
        text += ': ' + (this.endDetail || this.endReason);
      }
      this.statusLabel.textContent = text;
    }

    async readStats() {
      const result = {
        callId: this.id, peerId: this.peerId, peerName: this.peerName, direction: this.direction,
        state: this.state, framesDecoded: 0, frameWidth: 0, frameHeight: 0, framesPerSecond: 0,
        audioPacketsReceived: 0,
      };
      if (!this.pc || this.state === 'ended') {
        return Object.assign(result, this.lastStats ? pick(this.lastStats) : {}, {state: this.state,
          endReason: this.endReason});
      }
      const report = await this.pc.getStats();
      report.forEach((entry) => {
        if (entry.type !== 'inbound-rtp') {
          return;
        }
        if (entry.kind === 'video') {
          result.framesDecoded += entry.framesDecoded || 0;
          result.frameWidth = entry.frameWidth || result.frameWidth;
          result.frameHeight = entry.frameHeight || result.frameHeight;
          result.framesPerSecond = entry.framesPerSecond || result.framesPerSecond;
        } else if (entry.kind === 'audio') {
          result.audioPacketsReceived += entry.packetsReceived || 0;
        }
      });
      result.state = this.state;
      this.lastStats = result;
      return result;
    }
  }

  function pick(stats) {
    const {framesDecoded, frameWidth, frameHeight, framesPerSecond, audioPacketsReceived} = stats;
    return {framesDecoded, frameWidth, frameHeight, framesPerSecond, audioPacketsReceived};
  }

  // Refresh the per-call status lines once a second.
  setInterval(() => {
    for (const call of session.calls.values()) {
      if (call.state === 'connected' || call.state === 'reconnecting') {
        call.readStats().then(() => call.render()).catch(() => {});
      }
    }
  }, 1000);

  // ------------------------------------------------------------------ view helpers

  function renderPeers() {
    ui.peers.replaceChildren();
    for (const peer of session.peers.values()) {
      const li = document.createElement('li');
      li.setAttribute('role', 'option');
      li.dataset.peerId = peer.id;
      if (peer.name) {
        li.dataset.peerName = peer.name;
      }
      li.setAttribute('aria-selected', String(session.selectedPeer === peer.id));
      if (callWithPeer(peer.id)) {
        li.classList.add('in-call');
      }
      const name = document.createElement('span');
      name.textContent = (peer.name || 'anonymous') + ' ';
      const id = document.createElement('span');
      id.className = 'id';
      id.textContent = peer.id;
      li.append(name, id);
      li.title = peer.id;
      li.addEventListener('click', () => {
        session.selectedPeer = peer.id;
        renderPeers();
      });
      li.addEventListener('dblclick', () => startCall(peer.id));
      ui.peers.append(li);
    }
    if (session.selectedPeer && !session.peers.has(session.selectedPeer)) {
      session.selectedPeer = null;
    }
    if (!session.selectedPeer && session.peers.size === 1) {
      session.selectedPeer = session.peers.keys().next().value;
      ui.peers.firstChild.setAttribute('aria-selected', 'true');
    }
    ui.noPeers.hidden = session.peers.size > 0 || !session.joined;
    refreshButtons();
  }

  function refreshButtons() {
    const selected = session.selectedPeer;
    ui.call.disabled = !session.joined || !selected || !!callWithPeer(selected);
    ui.callAll.disabled = !session.joined || [...session.peers.keys()].every((id) => callWithPeer(id));
    ui.hangup.disabled = session.calls.size === 0;
  }

  function setConnection(state, text) {
    ui.connection.dataset.state = state;
    ui.connection.textContent = text;
  }

  function showMessage(text, isError) {
    ui.message.textContent = text;
    ui.message.classList.toggle('error', !!isError);
    if (isError) {
      console.warn('callwire:', text);
    }
  }

  function button(label, className, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.className = className;
    b.addEventListener('click', onClick);
    return b;
  }

  function peerLabel(id, name) {
    return name ? name + ' (' + id.slice(0, 8) + ')' : id;
  }

  function newCallId() {
    if (crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function flag(value) {
    return value === '1' || value === 'true' || value === 'yes';
  }

  function describe(e) {
    if (!e) {
      return 'unknown error';
    }
    return e.name && e.message ? e.name + ': ' + e.message : String(e.message || e);
  }

  function log(...args) {
    console.log('callwire:', ...args);
  }

  // ------------------------------------------------------------------ test hook

  window.callwire = {
    /** A snapshot: own id, room, peers and calls (live and recently ended). */
    state() {
      const describeCall = (c) => ({
        callId: c.id, peerId: c.peerId, peerName: c.peerName, direction: c.direction, state: c.state,
        endReason: c.endReason, endDetail: c.endDetail,
      });
      return {
        selfId: session.selfId,
        room: session.room,
        joined: session.joined,
        peers: [...session.peers.values()].map((p) => ({id: p.id, name: p.name})),
        calls: [...session.calls.values()].map(describeCall),
        ended: session.history.map(describeCall),
        localVideo: (() => {
          const t = session.localStream && session.localStream.getVideoTracks()[0];
          const s = t ? t.getSettings() : null;
          return s ? {width: s.width, height: s.height, frameRate: s.frameRate} : null;
        })(),
      };
    },
    /** Per call: {callId, peerId, state, framesDecoded, frameWidth, frameHeight, audioPacketsReceived, ...}. */
    stats() {
      return Promise.all([...session.calls.values()].map((c) => c.readStats()));
    },
    call: (peerId) => {
      const call = startCall(peerId);
      return call ? call.id : null;
    },
    hangUp: () => hangUpAll(),
  };

  refreshButtons();
  if (options.autostart) {
    start().catch((e) => showMessage('Could not start: ' + describe(e), true));
  }
})();
