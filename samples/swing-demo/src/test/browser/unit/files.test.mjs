// Unit tests of the browser client's file sub-protocol (static/files.js) on two in-memory channels: the same
// messages a real RTCDataChannel pair would carry. Run by BrowserModulesIT with `node --test`.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {FileLink, decodeControl, CHUNK, HIGH_WATER, MAX_INCOMING_BYTES} from '../../../../../../signaling-server/src/main/resources/static/files.js';

/** A pair of connected fake channels; bufferedAmount grows on send and drains when drain() is called. */
function channelPair() {
  const make = () => ({readyState: 'open', bufferedAmount: 0, sent: [], peer: null, binaryType: 'blob',
    send(data) {
      const copy = typeof data === 'string' ? data : Uint8Array.from(data).buffer;
      this.sent.push(copy);
      this.bufferedAmount += typeof data === 'string' ? data.length : data.byteLength;
      queueMicrotask(() => this.peer.onmessage && this.peer.onmessage({data: copy}));
    },
    drain() {
      this.bufferedAmount = 0;
      if (this.onbufferedamountlow) {
        this.onbufferedamountlow();
      }
    }});
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

function hooks(log) {
  return {
    offered: (offer) => log.push(['offered', offer]),
    progress: () => {},
    received: (file) => log.push(['received', file]),
    failed: (id, why) => log.push(['failed', why]),
  };
}

const until = async (what, fn) => {
  for (let i = 0; i < 500; i++) {
    const v = fn();
    if (v) {
      return v;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('timed out waiting for ' + what);
};

function file(name, size, seed = 1) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    bytes[i] = (i * 31 + seed) & 0xff;
  }
  return Object.assign(new Blob([bytes]), {name, bytes});
}

test('a file goes over after accept, in 16 KiB pieces, and arrives verified', async () => {
  const [ca, cb] = channelPair();
  const sender = [];
  const receiver = [];
  const a = new FileLink(hooks(sender));
  const b = new FileLink(hooks(receiver));
  a.attach(ca);
  b.attach(cb);
  const f = file('report.bin', 3 * CHUNK + 5);
  const {done} = a.send(f);
  const [, offer] = await until('the offer', () => receiver.find((e) => e[0] === 'offered'));
  assert.equal(offer.name, 'report.bin');
  assert.equal(offer.size, f.size);
  assert.equal(offer.sha256, createHash('sha256').update(f.bytes).digest('hex'));
  assert.equal(ca.sent.filter((m) => typeof m !== 'string').length, 0, 'nothing of the file before accept');
  offer.accept();
  assert.equal(await done, offer.id);
  const [, got] = receiver.find((e) => e[0] === 'received');
  assert.deepEqual(new Uint8Array(await got.blob.arrayBuffer()), f.bytes);
  const pieces = ca.sent.filter((m) => typeof m !== 'string').map((m) => m.byteLength);
  assert.deepEqual(pieces, [CHUNK, CHUNK, CHUNK, 5]);
  assert.deepEqual(JSON.parse(cb.sent.at(-1)), {t: 'ack', id: offer.id, ok: true});
});

test('a refusal fails the sender with the reason, and nothing is sent', async () => {
  const [ca, cb] = channelPair();
  const receiver = [];
  const a = new FileLink(hooks([]));
  const b = new FileLink(hooks(receiver));
  a.attach(ca);
  b.attach(cb);
  const {done} = a.send(file('x.txt', 10));
  const [, offer] = await until('the offer', () => receiver.find((e) => e[0] === 'offered'));
  offer.refuse('not now');
  await assert.rejects(done, /refused x.txt: not now/);
  assert.equal(ca.sent.filter((m) => typeof m !== 'string').length, 0);
});

test('an offer over the limit is refused without asking', async () => {
  const [ca, cb] = channelPair();
  const receiver = [];
  new FileLink(hooks(receiver)).attach(cb);
  ca.onmessage = () => {};
  cb.onmessage({data: JSON.stringify({t: 'start', id: 'big', name: 'big.iso', size: MAX_INCOMING_BYTES + 1,
    sha256: 'a'.repeat(64)})});
  await until('the refusal', () => cb.sent.length > 0);
  assert.equal(receiver.length, 0);
  assert.equal(JSON.parse(cb.sent[0]).t, 'refuse');
  assert.match(JSON.parse(cb.sent[0]).reason, /exceeds the receiver's limit/);
});

test('content before accept aborts the transfer; an unknown end is answered with abort', async () => {
  const [, cb] = channelPair();
  const receiver = [];
  const b = new FileLink(hooks(receiver));
  b.attach(cb);
  cb.peer.onmessage = () => {};
  cb.onmessage({data: JSON.stringify({t: 'start', id: 't1', name: 'a.bin', size: 4, sha256: 'b'.repeat(64)})});
  cb.onmessage({data: new Uint8Array([1, 2, 3, 4]).buffer});
  await until('the abort', () => cb.sent.length > 0);
  assert.deepEqual(JSON.parse(cb.sent[0]), {t: 'abort', id: 't1', reason: 'file data before the receiver accepted'});
  assert.match(receiver.find((e) => e[0] === 'failed')[1], /file data before the receiver accepted/);
  cb.onmessage({data: JSON.stringify({t: 'end', id: 'other'})});
  await until('the answer', () => cb.sent.length > 1);
  assert.deepEqual(JSON.parse(cb.sent[1]), {t: 'abort', id: 'other', reason: 'unknown transfer'});
});

test('a wrong hash is acknowledged with ok=false and not delivered', async () => {
  const [, cb] = channelPair();
  const receiver = [];
  const b = new FileLink(hooks(receiver));
  b.attach(cb);
  cb.peer.onmessage = () => {};
  cb.onmessage({data: JSON.stringify({t: 'start', id: 't2', name: 'a.bin', size: 2, sha256: 'c'.repeat(64)})});
  const [, offer] = await until('the offer', () => receiver.find((e) => e[0] === 'offered'));
  offer.accept();
  cb.onmessage({data: new Uint8Array([7, 8]).buffer});
  cb.onmessage({data: JSON.stringify({t: 'end', id: 't2'})});
  const ack = await until('the ack', () => cb.sent.map((m) => JSON.parse(m)).find((m) => m.t === 'ack'));
  assert.equal(ack.ok, false);
  assert.match(ack.reason, /SHA-256 mismatch/);
  assert.equal(receiver.filter((e) => e[0] === 'received').length, 0);
});

test('the sender waits while the channel holds a megabyte', async () => {
  const [ca, cb] = channelPair();
  const receiver = [];
  const a = new FileLink(hooks([]));
  a.attach(ca);
  new FileLink(hooks(receiver)).attach(cb);
  const size = HIGH_WATER + 3 * CHUNK;
  const {done} = a.send(file('big.bin', size));
  const [, offer] = await until('the offer', () => receiver.find((e) => e[0] === 'offered'));
  offer.accept();
  await until('the first megabyte', () => ca.bufferedAmount >= HIGH_WATER - CHUNK);
  const sentBytes = () => ca.sent.filter((m) => typeof m !== 'string').reduce((n, m) => n + m.byteLength, 0);
  assert.ok(sentBytes() <= HIGH_WATER, 'no more than the high-water mark before a drain');
  ca.drain();
  await done;
  assert.equal(sentBytes(), size);
});

test('malformed control messages are named', () => {
  assert.throws(() => decodeControl('nope'), /not JSON/);
  assert.throws(() => decodeControl('{"t":"start","id":"a","name":"../x","size":1,"sha256":"' + 'a'.repeat(64) + '"}'),
      /file name/);
  assert.throws(() => decodeControl('{"t":"ack","id":"a"}'), /'ok'/);
  assert.throws(() => decodeControl('{"t":"hello","id":"a"}'), (e) => e.id === 'a' && /unknown control message/.test(e.message));
  assert.deepEqual(decodeControl('{"t":"accept","id":"a","extra":1}'), {t: 'accept', id: 'a'});
});
