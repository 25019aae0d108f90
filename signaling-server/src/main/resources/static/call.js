// One call: one RTCPeerConnection with one remote peer, perfect negotiation under one call id, its two data
// channels (messages and files), and automatic ICE restart. Knows the rest of the page only through ctx:
//   ctx.send(message)            signaling; false when it was dropped (no open socket)
//   ctx.selfId()                 our peer id
//   ctx.localStream()            camera and microphone (may have no tracks)
//   ctx.iceServers()             from welcome
//   ctx.options                  {autoanswer, ringTimeoutMs}
//   ctx.register(call)           the call is known under call.id (again, after adopting an id)
//   ctx.forget(id)               an id no longer used by this call
//   ctx.end(call, reason, sendBye, detail)
//   ctx.changed(call)            state, stats or media changed: re-render
//   ctx.signalingSuspect(why)    the media broke: reopen signaling in case it died with the network
//   ctx.ringing(call)            an incoming call waits for the person
//   ctx.message(call, data)      a message on the data channel
//   ctx.files(call)              the call's FileLink hooks
import {DATA_LABEL, FILES_LABEL, SCREEN_STREAM, describe, isPolite, log} from './protocol.js';
import {FileLink} from './files.js';
import * as restart from './call-restart.js';
import * as channels from './call-channels.js';

export {DISCONNECTED_GRACE_MS, MAX_ICE_RESTARTS, RESTART_ANSWER_TIMEOUT_MS} from './call-restart.js';

const CONNECT_TIMEOUT_MS = 30000;
const MAX_CANDIDATES_PER_CALL = 256;

export class Call {
  constructor(ctx, peerId, peerName, direction, id) {
    this.ctx = ctx;
    this.id = id;
    this.peerId = peerId;
    this.peerName = peerName;
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
    this.disconnectTimer = null;
    this.restartTimer = null;
    this.answerTimer = null;    // a restart offer waiting for its answer
    this.iceRestarts = 0;       // attempts since the last time the call was connected
    this.iceRestartsTotal = 0;  // for the test hook
    this.remoteStream = new MediaStream();
    this.screenStream = null;   // the peer's screen share while it runs
    this.dataChannel = null;
    this.localChannels = false;
    this.files = new FileLink(ctx.files(this));
    this.lastStats = null;
  }

  isRingingIncoming() {
    return this.direction === 'incoming' && this.state === 'ringing';
  }

  isUnansweredOutgoing() {
    return this.direction === 'outgoing' && this.state === 'ringing' && !this.remoteDescriptionSet;
  }

  polite() {
    return isPolite(this.ctx.selfId(), this.peerId);
  }

  startOutgoing() {
    this.createPeerConnection();
    // The caller opens both channels before its first offer, so they are part of it (docs/protocol.md).
    this.localChannels = true;
    this.useDataChannel(this.pc.createDataChannel(DATA_LABEL));
    this.files.attach(this.pc.createDataChannel(FILES_LABEL));
    this.addLocalMedia(true); // fires negotiationneeded, which sends the offer
    this.startRingTimer();
  }

  ring() {
    this.startRingTimer();
    if (this.ctx.options.autoanswer) {
      this.accept();
      return;
    }
    this.ctx.ringing(this);
  }

  async accept() {
    if (!this.isRingingIncoming() || this.pc) {
      return;
    }
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
      this.ctx.send({type: 'answer', to: this.peerId, call: this.id, sdp: this.pc.localDescription.sdp});
      this.negotiatedOnce = true;
      this.moveTo('connecting');
      this.startConnectTimer();
    } catch (e) {
      this.fail('answering the call', e);
    }
  }

  /** Both sides called at once and we are polite: our call takes their id, their channels, and answers. */
  async adopt(theirId, sdp) {
    log('both sides called at once; taking call', theirId, 'instead of', this.id);
    this.ctx.forget(this.id);
    this.id = theirId;
    this.pendingCandidates = [];
    this.ctx.register(this);
    this.dropLocalChannels();
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
      this.ctx.send({type: 'answer', to: this.peerId, call: this.id, sdp: this.pc.localDescription.sdp});
      this.negotiatedOnce = true;
      clearTimeout(this.ringTimer);
      this.moveTo('connecting');
      this.startConnectTimer();
    } catch (e) {
      this.fail('answering the crossing call', e);
    }
  }

  /** An offer under this call's id: renegotiation or ICE restart (or the caller re-offering while we ring). */
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
      this.ctx.send({type: 'answer', to: this.peerId, call: this.id, sdp: this.pc.localDescription.sdp});
      restart.exchangeCompleted(this);
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
      restart.exchangeCompleted(this);
      if (!this.negotiatedOnce) {
        this.negotiatedOnce = true;
        clearTimeout(this.ringTimer);
        this.moveTo('connecting');
        this.startConnectTimer();
      }
    } catch (e) {
      if (this.negotiatedOnce) {
        // A late answer to a restart offer rolled back since: the call goes on, and the restart timers retry.
        log(this.id, 'an answer did not apply:', describe(e));
        return;
      }
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
    const pc = new RTCPeerConnection({iceServers: this.ctx.iceServers()});
    this.pc = pc;
    pc.onicecandidate = (event) => {
      if (this.state === 'ended' || this.pc !== pc) {
        return;
      }
      if (event.candidate && !event.candidate.candidate) {
        return; // an empty candidate line marks the end of a generation; null below says it for all
      }
      this.ctx.send({
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
        if (this.ctx.send({type: 'offer', to: this.peerId, call: this.id, sdp: pc.localDescription.sdp})) {
          restart.offerSent(this);
        }
      } catch (e) {
        log(this.id, 'offer abandoned:', describe(e));
        if (!this.negotiatedOnce) {
          this.fail('creating the offer', e);
        }
      } finally {
        this.makingOffer = false;
      }
    };
    pc.ontrack = (event) => this.onTrack(event);
    pc.ondatachannel = (event) => this.onRemoteChannel(event.channel);
    pc.onconnectionstatechange = () => {
      if (this.state === 'ended' || this.pc !== pc) {
        return;
      }
      log(this.id, 'connection', pc.connectionState, 'ICE', pc.iceConnectionState);
      this.onConnectionState(pc.connectionState);
    };
  }

  onTrack(event) {
    const stream = event.streams && event.streams[0];
    if (stream && stream.id === SCREEN_STREAM) {
      this.screenStream = stream;
      const stop = () => {
        if (this.screenStream === stream && stream.getVideoTracks().every((t) => t.readyState === 'ended' || t.muted)) {
          this.screenStream = null;
          this.ctx.changed(this);
        }
      };
      event.track.addEventListener('ended', stop);
      event.track.addEventListener('mute', stop);
      event.track.addEventListener('unmute', () => {
        this.screenStream = stream;
        this.ctx.changed(this);
      });
      stream.addEventListener('removetrack', stop);
    } else if (!this.remoteStream.getTracks().includes(event.track)) {
      this.remoteStream.addTrack(event.track);
    }
    this.ctx.changed(this);
  }

  // ---- connection state and ICE restart: call-restart.js

  onConnectionState(state) {
    restart.onConnectionState(this, state);
  }

  restartIce(why, signalingFresh = false) {
    restart.restartIce(this, why, signalingFresh);
  }

  /** Signaling came back (maybe under a new socket): a restart whose offer was lost is tried again. */
  signalingBack() {
    restart.signalingBack(this);
  }

  // ---- the two data channels: call-channels.js (files.js speaks on the second)

  dropLocalChannels() {
    channels.dropLocalChannels(this);
  }

  onRemoteChannel(channel) {
    channels.onRemoteChannel(this, channel);
  }

  useDataChannel(channel) {
    channels.useDataChannel(this, channel);
  }

  /** Sends a chat message as a text message; false when the channel is not open or too full. */
  sendText(text) {
    return channels.sendText(this, text);
  }

  // ---- media and timers

  /** Sends our camera and microphone; kinds we lack are received only (outgoing calls). */
  addLocalMedia(outgoing) {
    const stream = this.ctx.localStream() || new MediaStream();
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
        this.ctx.end(this, 'timeout', true, 'nobody answered in ' + this.ctx.options.ringTimeoutMs / 1000 + ' s');
      }
    }, this.ctx.options.ringTimeoutMs);
  }

  startConnectTimer() {
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      if (this.state === 'connecting') {
        this.ctx.end(this, 'failed', true, 'media did not connect within ' + CONNECT_TIMEOUT_MS / 1000 + ' s');
      }
    }, CONNECT_TIMEOUT_MS);
  }

  fail(what, error) {
    if (this.state === 'ended') {
      return;
    }
    log(this.id, 'failed while', what + ':', describe(error));
    this.ctx.end(this, 'failed', true, what + ': ' + describe(error));
  }

  moveTo(state) {
    if (this.state === 'ended' || this.state === state) {
      return;
    }
    this.state = state;
    this.ctx.changed(this);
  }

  close() {
    this.state = 'ended';
    for (const timer of [this.ringTimer, this.connectTimer, this.peerLeftTimer, this.disconnectTimer, this.restartTimer,
      this.answerTimer]) {
      clearTimeout(timer);
    }
    this.files.close();
    if (this.pc) {
      this.pc.close();
    }
    this.remoteStream.getTracks().forEach((t) => this.remoteStream.removeTrack(t));
    this.screenStream = null;
  }
}
