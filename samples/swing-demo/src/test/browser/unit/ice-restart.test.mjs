// Unit tests of the browser client's automatic ICE restart (static/call.js) on a fake peer connection, with
// node's mock timers: at once on 'failed', after 2 s of 'disconnected', bounded, reset by 'connected', and the next
// attempt 2 s after a restart offer that got no answer.
import {test, mock} from 'node:test';
import assert from 'node:assert/strict';

globalThis.MediaStream = class {
  getTracks() {
    return [];
  }
  removeTrack() {}
};
const {Call, DISCONNECTED_GRACE_MS, MAX_ICE_RESTARTS, RESTART_ANSWER_TIMEOUT_MS} = await import(
  '../../../../../../signaling-server/src/main/resources/static/call.js');
const {offerSent} = await import('../../../../../../signaling-server/src/main/resources/static/call-restart.js');

function connectedCall() {
  const ended = [];
  const ctx = {send() {}, selfId: () => 'a', localStream: () => null, iceServers: () => [], options: {},
    register() {}, forget() {}, end: (call, reason, bye, detail) => ended.push({reason, detail}), changed() {},
    ringing() {}, message() {}, files: () => ({})};
  const call = new Call(ctx, 'b', 'bob', 'outgoing', 'call-1');
  const pc = {connectionState: 'connected', iceConnectionState: 'connected', restarts: 0,
    restartIce() {
      this.restarts++;
    }, close() {}};
  call.pc = pc;
  call.negotiatedOnce = true;
  call.onConnectionState('connected');
  return {call, pc, ended};
}

test('failed restarts at once, under the same call, and gives up after the bound', () => {
  mock.timers.enable({apis: ['setTimeout']});
  try {
    const {call, pc, ended} = connectedCall();
    pc.connectionState = 'failed';
    call.onConnectionState('failed');
    assert.equal(pc.restarts, 1);
    assert.equal(call.state, 'reconnecting');
    assert.equal(call.id, 'call-1');
    for (let i = 1; i < MAX_ICE_RESTARTS; i++) {
      mock.timers.tick(10000); // still not connected: the next attempt
    }
    assert.equal(pc.restarts, MAX_ICE_RESTARTS);
    assert.equal(ended.length, 0);
    mock.timers.tick(10000);
    assert.equal(ended.length, 1);
    assert.equal(ended[0].reason, 'failed');
  } finally {
    mock.timers.reset();
  }
});

test('disconnected restarts only when it lasts 2 s, and connected resets the count', () => {
  mock.timers.enable({apis: ['setTimeout']});
  try {
    const {call, pc} = connectedCall();
    pc.connectionState = 'disconnected';
    call.onConnectionState('disconnected');
    mock.timers.tick(DISCONNECTED_GRACE_MS - 1);
    assert.equal(pc.restarts, 0, 'a short outage heals by itself');
    pc.connectionState = 'connected';
    call.onConnectionState('connected');
    mock.timers.tick(10);
    assert.equal(pc.restarts, 0);

    pc.connectionState = 'disconnected';
    call.onConnectionState('disconnected');
    mock.timers.tick(DISCONNECTED_GRACE_MS);
    assert.equal(pc.restarts, 1);
    pc.connectionState = 'connected';
    call.onConnectionState('connected');
    assert.equal(call.iceRestarts, 0);
    assert.equal(call.iceRestartsTotal, 1);
    assert.equal(call.state, 'connected');
  } finally {
    mock.timers.reset();
  }
});

test('a restart reopens signaling, and an offer still unanswered goes out again once it is back', () => {
  mock.timers.enable({apis: ['setTimeout']});
  try {
    const {call, pc} = connectedCall();
    const suspected = [];
    const sent = [];
    call.ctx.signalingSuspect = (why) => suspected.push(why);
    call.ctx.send = (m) => sent.push(m);
    pc.connectionState = 'failed';
    call.onConnectionState('failed');
    assert.equal(suspected.length, 1, 'the socket may have died with the network');
    pc.signalingState = 'have-local-offer';
    pc.localDescription = {type: 'offer', sdp: 'v=0 restart'};
    call.signalingBack();
    assert.deepEqual(sent, [{type: 'offer', to: 'b', call: 'call-1', sdp: 'v=0 restart'}]);
    assert.equal(pc.restarts, 1, 'the offer is resent, not replaced');
    pc.signalingState = 'stable';
    call.signalingBack();
    assert.equal(pc.restarts, 2, 'still down after the re-join: restart again');
    assert.equal(suspected.length, 1, 'without reopening the socket that just came back');
  } finally {
    mock.timers.reset();
  }
});

/** A call whose fake connection records restartIce, rollback and answers, and whose restart offers go out. */
function restartingCall() {
  const {call, pc, ended} = connectedCall();
  pc.log = [];
  pc.signalingState = 'stable';
  pc.restartIce = () => pc.log.push('restartIce');
  pc.setLocalDescription = async (d) => {
    pc.log.push(d.type);
    pc.signalingState = 'stable';
  };
  pc.setRemoteDescription = async (d) => {
    pc.log.push('remote ' + d.type);
    pc.signalingState = 'stable';
  };
  pc.addIceCandidate = async () => {};
  const failed = () => {
    pc.connectionState = 'failed';
    call.onConnectionState('failed');
  };
  const offerOut = () => { // what negotiationneeded does after restartIce(): the offer applied and sent
    pc.signalingState = 'have-local-offer';
    offerSent(call);
  };
  return {call, pc, ended, failed, offerOut};
}

const microtasks = () => new Promise((resolve) => setImmediate(resolve));

test('a restart offer without an answer for 2 s is a failed attempt: rolled back, and the next one starts', async () => {
  mock.timers.enable({apis: ['setTimeout']});
  try {
    const {call, pc, failed, offerOut} = restartingCall();
    failed();
    offerOut();
    mock.timers.tick(RESTART_ANSWER_TIMEOUT_MS - 1);
    assert.equal(call.iceRestarts, 1, 'an answer may still come');
    mock.timers.tick(1);
    assert.equal(call.iceRestarts, 2);
    await microtasks();
    // restartIce() alone would wait for the lost answer: the offer is rolled back so a fresh one goes out.
    assert.deepEqual(pc.log, ['restartIce', 'restartIce', 'rollback']);
    assert.equal(pc.signalingState, 'stable');
  } finally {
    mock.timers.reset();
  }
});

test('an answer in time ends the 2 s wait; the media still gets the attempt\'s whole wait', async () => {
  mock.timers.enable({apis: ['setTimeout']});
  try {
    const {call, failed, offerOut} = restartingCall();
    failed();
    offerOut();
    await call.onAnswer('v=0 answer');
    mock.timers.tick(RESTART_ANSWER_TIMEOUT_MS);
    assert.equal(call.iceRestarts, 1, 'answered: no retry after 2 s');
    mock.timers.tick(10000 - RESTART_ANSWER_TIMEOUT_MS);
    assert.equal(call.iceRestarts, 2, 'still not connected after the attempt\'s wait');

    const calm = restartingCall(); // not recovering: a renegotiation offer has no answer deadline
    calm.offerOut();
    mock.timers.tick(RESTART_ANSWER_TIMEOUT_MS);
    assert.equal(calm.call.iceRestarts, 0);
  } finally {
    mock.timers.reset();
  }
});

test('the last attempt\'s unanswered offer waits its whole window before the call fails', () => {
  mock.timers.enable({apis: ['setTimeout']});
  try {
    const {call, ended, failed, offerOut} = restartingCall();
    failed();
    for (let i = 1; i < MAX_ICE_RESTARTS; i++) {
      offerOut();
      mock.timers.tick(RESTART_ANSWER_TIMEOUT_MS);
    }
    assert.equal(call.iceRestarts, MAX_ICE_RESTARTS);
    offerOut();
    mock.timers.tick(RESTART_ANSWER_TIMEOUT_MS);
    assert.equal(ended.length, 0, 'a late answer may still come');
    mock.timers.tick(10000 - RESTART_ANSWER_TIMEOUT_MS);
    assert.equal(ended.length, 1);
    assert.equal(ended[0].reason, 'failed');
  } finally {
    mock.timers.reset();
  }
});

