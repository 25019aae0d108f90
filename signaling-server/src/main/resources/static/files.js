// The file sub-protocol on a call's "callwire-files" data channel (docs/protocol.md, "File transfer on the data
// channels"), as the Java SDK speaks it: start -> accept|refuse -> binary chunks -> end -> ack, abort either way,
// one transfer at a time per direction. Files are held in memory here, so the browser refuses offers over
// MAX_INCOMING_BYTES; SHA-256 comes from crypto.subtle (the page is a secure context on https and on localhost).

export const CHUNK = 16 * 1024;
export const HIGH_WATER = 1024 * 1024;
export const MAX_INCOMING_BYTES = 64 * 1024 * 1024;
const MAX_CONTROL_BYTES = 4096;
const MAX_REASON = 200;
const DECISION_MS = 90000;   // a sender's wait for accept or refuse
const OFFER_MS = 60000;      // a receiver's wait for its person's decision
const STALL_MS = 30000;      // no progress, or no ack after end
const ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A control message, or throws an Error saying what is wrong (with .id when one was readable). */
export function decodeControl(text) {
  if (new TextEncoder().encode(text).length > MAX_CONTROL_BYTES) {
    throw new Error('control message over ' + MAX_CONTROL_BYTES + ' bytes');
  }
  let m;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new Error('control message is not JSON');
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) {
    throw new Error('control message is not a JSON object');
  }
  const fail = (why) => Object.assign(new Error(why), {id: typeof m.id === 'string' && ID.test(m.id) ? m.id : null});
  if (typeof m.t !== 'string') {
    throw fail("field 't' must be a string");
  }
  if (typeof m.id !== 'string' || !ID.test(m.id)) {
    throw fail("field 'id' must be 1 to 64 of [A-Za-z0-9._-]");
  }
  const optionalReason = () => {
    if (m.reason === undefined || m.reason === null) {
      return '';
    }
    if (typeof m.reason !== 'string') {
      throw fail("field 'reason' must be a string");
    }
    return m.reason.slice(0, MAX_REASON);
  };
  switch (m.t) {
    case 'start':
      if (typeof m.name !== 'string' || !validName(m.name)) {
        throw fail("field 'name' must be a file name without directories or control characters");
      }
      if (!Number.isSafeInteger(m.size) || m.size < 0) {
        throw fail("field 'size' must be a whole number of bytes, zero or more");
      }
      if (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256)) {
        throw fail("field 'sha256' must be 64 lower-case hex digits");
      }
      return {t: 'start', id: m.id, name: m.name, size: m.size, sha256: m.sha256};
    case 'accept':
    case 'end':
      return {t: m.t, id: m.id};
    case 'refuse':
    case 'abort':
      return {t: m.t, id: m.id, reason: optionalReason()};
    case 'ack':
      if (typeof m.ok !== 'boolean') {
        throw fail("field 'ok' must be true or false");
      }
      return {t: 'ack', id: m.id, ok: m.ok, reason: optionalReason()};
    default:
      throw fail("unknown control message '" + m.t + "'");
  }
}

export function validName(name) {
  return name.length >= 1 && name.length <= 255 && !/[\/\\\u0000-\u001f]/.test(name) && name !== '.' && name !== '..';
}

/**
 * One call's file transfers over its files channel.
 * hooks: offered(offer) with offer = {id, name, size, sha256, accept(), refuse(reason)};
 *        progress(id, done, total, direction); received({id, name, size, sha256, blob});
 *        failed(id, why, 'in') for incoming files (outgoing ones reject their promise)
 */
export class FileLink {
  constructor(hooks) {
    this.hooks = hooks;
    this.channel = null;
    this.queue = [];       // outgoing, waiting their turn
    this.active = null;    // outgoing in progress
    this.incoming = null;  // incoming in progress
    this.discarding = false;
    this.givenUp = null;
    this.closed = false;
  }

  /** The files channel, ours (caller) or the other side's (callee). */
  attach(channel) {
    this.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = HIGH_WATER / 4;
    channel.onmessage = (event) => this.onMessage(event.data);
    channel.onbufferedamountlow = () => this.pump();
    channel.onopen = () => this.pump();
    channel.onclose = () => this.close('the file channel closed');
  }

  /**
   * Offers a File (or a Blob with a name). Returns {id, done}: done resolves with the id once the receiver confirmed
   * a matching file, and rejects with an Error saying why otherwise.
   */
  send(file) {
    const id = crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(36).slice(2);
    const done = new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error('the call ended'));
        return;
      }
      this.queue.push({id, file, name: file.name, size: file.size, resolve, reject, phase: 'queued', sent: 0});
      if (!this.active) {
        this.next();
      }
    });
    return {id, done};
  }

  async next() {
    const t = this.queue.shift();
    this.active = t || null;
    if (!t) {
      return;
    }
    try {
      t.bytes = new Uint8Array(await t.file.arrayBuffer());
      t.sha256 = await sha256Hex(t.bytes);
    } catch (e) {
      this.finish(t, new Error('reading ' + t.name + ' failed: ' + e.message));
      return;
    }
    t.phase = 'opening';
    this.pump();
  }

  /** Moves the active transfer on: offers once the channel is open, streams while the buffer has room. */
  pump() {
    const t = this.active;
    const ch = this.channel;
    if (!t || this.closed || !ch || ch.readyState !== 'open') {
      return;
    }
    if (t.phase === 'opening') {
      ch.send(JSON.stringify({t: 'start', id: t.id, name: t.name, size: t.size, sha256: t.sha256}));
      t.phase = 'offered';
      this.deadline(t, DECISION_MS, 'the receiver did not accept or refuse the file within 90 s');
      return;
    }
    if (t.phase !== 'streaming') {
      return;
    }
    while (t.sent < t.size) {
      if (ch.bufferedAmount + CHUNK > HIGH_WATER) {
        return; // onbufferedamountlow continues
      }
      const n = Math.min(CHUNK, t.size - t.sent);
      ch.send(t.bytes.subarray(t.sent, t.sent + n));
      t.sent += n;
      this.deadline(t, STALL_MS, 'the file channel made no progress for 30 s');
      this.hooks.progress(t.id, t.sent, t.size, 'out');
    }
    ch.send(JSON.stringify({t: 'end', id: t.id}));
    t.phase = 'awaiting-ack';
    this.hooks.progress(t.id, t.size, t.size, 'out');
    this.deadline(t, STALL_MS, 'the receiver did not confirm the file within 30 s');
  }

  deadline(t, ms, why) {
    clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      if (this.active === t) {
        this.abortOutgoing(t, why);
      }
    }, ms);
  }

  abortOutgoing(t, why) {
    if (t.phase !== 'opening' && t.phase !== 'queued') {
      this.sendControl({t: 'abort', id: t.id, reason: why.slice(0, MAX_REASON)});
    }
    this.finish(t, new Error(why));
  }

  finish(t, error) {
    clearTimeout(t.timer);
    t.bytes = null;
    this.active = null;
    if (error) {
      t.reject(error);
    } else {
      t.resolve(t.id);
    }
    if (!this.closed) {
      this.next();
    }
  }

  onMessage(data) {
    if (this.closed) {
      return;
    }
    if (typeof data !== 'string') {
      this.onChunk(new Uint8Array(data));
      return;
    }
    let m;
    try {
      m = decodeControl(data);
    } catch (e) {
      console.warn('callwire: malformed file control message dropped:', e.message);
      if (e.id) {
        this.abortId(e.id, 'malformed control message: ' + e.message);
      }
      return;
    }
    switch (m.t) {
      case 'start': return this.onStart(m);
      case 'end': return this.onEnd(m);
      case 'abort': return this.onAbort(m);
      default: return this.onReply(m);
    }
  }

  /** Replies of the receiver to our active transfer: accept, refuse, ack. */
  onReply(m) {
    const t = this.active;
    if (!t || t.id !== m.id) {
      return; // for no transfer of ours
    }
    if (m.t === 'accept' && t.phase === 'offered') {
      t.phase = 'streaming';
      this.deadline(t, STALL_MS, 'the file channel made no progress for 30 s');
      this.pump();
    } else if (m.t === 'refuse' && t.phase === 'offered') {
      this.finish(t, new Error('the receiver refused ' + t.name + ': ' + (m.reason || 'no reason given')));
    } else if (m.t === 'ack' && t.phase === 'awaiting-ack') {
      this.finish(t, m.ok ? null : new Error('the receiver rejected ' + t.name + ': ' + (m.reason || 'no reason given')));
    } else {
      this.abortOutgoing(t, 'the receiver sent an unexpected ' + m.t + ' while the transfer was ' + t.phase);
    }
  }

  onStart(m) {
    if (this.incoming) {
      this.giveUp(this.incoming, 'superseded by transfer ' + m.id, true);
    }
    this.discarding = false;
    if (m.size > MAX_INCOMING_BYTES) {
      this.sendControl({t: 'refuse', id: m.id, reason: 'the file of ' + m.size + ' bytes exceeds the receiver\'s limit of '
          + MAX_INCOMING_BYTES + ' bytes'});
      return;
    }
    const inc = {id: m.id, name: m.name, size: m.size, sha256: m.sha256, chunks: [], received: 0, accepted: false,
      decided: false};
    this.incoming = inc;
    const decide = (accepted, reason) => {
      if (inc.decided || this.incoming !== inc || this.closed) {
        return;
      }
      inc.decided = true;
      clearTimeout(inc.timer);
      if (accepted) {
        inc.accepted = true;
        this.sendControl({t: 'accept', id: inc.id});
      } else {
        this.incoming = null;
        this.sendControl({t: 'refuse', id: inc.id, reason: (reason || 'refused by the receiving person').slice(0, MAX_REASON)});
      }
    };
    inc.timer = setTimeout(() => decide(false, 'no decision within 60 s'), OFFER_MS);
    this.hooks.offered({id: m.id, name: m.name, size: m.size, sha256: m.sha256,
      accept: () => decide(true), refuse: (reason) => decide(false, reason)});
  }

  onChunk(bytes) {
    const inc = this.incoming;
    if (!inc) {
      if (!this.discarding) {
        console.warn('callwire: file data without a start dropped');
      }
      return;
    }
    if (!inc.accepted) {
      this.giveUp(inc, 'file data before the receiver accepted', true);
    } else if (inc.received + bytes.length > inc.size) {
      this.giveUp(inc, 'more data than the announced ' + inc.size + ' bytes', true);
    } else {
      inc.chunks.push(bytes);
      inc.received += bytes.length;
      this.hooks.progress(inc.id, inc.received, inc.size, 'in');
    }
  }

  async onEnd(m) {
    const inc = this.incoming;
    if (!inc || inc.id !== m.id) {
      if (m.id !== this.givenUp) {
        this.sendControl({t: 'abort', id: m.id, reason: 'unknown transfer'});
      }
      return;
    }
    if (!inc.accepted) {
      this.giveUp(inc, 'end before the receiver accepted', true);
      return;
    }
    this.incoming = null;
    const blob = new Blob(inc.chunks);
    inc.chunks = null;
    const actual = await sha256Hex(await blob.arrayBuffer());
    if (inc.received !== inc.size || actual !== inc.sha256) {
      const why = inc.received !== inc.size ? 'received ' + inc.received + ' of the announced ' + inc.size + ' bytes'
          : 'SHA-256 mismatch: received ' + actual + ', announced ' + inc.sha256;
      this.sendControl({t: 'ack', id: m.id, ok: false, reason: why});
      this.hooks.failed(inc.id, 'incoming file ' + inc.name + ' failed: ' + why, 'in');
      return;
    }
    this.sendControl({t: 'ack', id: m.id, ok: true});
    this.hooks.received({id: inc.id, name: inc.name, size: inc.size, sha256: actual, blob});
  }

  onAbort(m) {
    const inc = this.incoming;
    if (inc && inc.id === m.id) {
      this.giveUp(inc, m.reason || 'no reason given', false);
    }
    const t = this.active;
    if (t && t.id === m.id) {
      this.finish(t, new Error('the receiver aborted ' + t.name + ': ' + (m.reason || 'no reason given')));
    }
  }

  abortId(id, why) {
    if (this.incoming && this.incoming.id === id) {
      this.giveUp(this.incoming, why, true);
    } else if (this.active && this.active.id === id) {
      this.abortOutgoing(this.active, why);
    }
  }

  giveUp(inc, why, tellSender) {
    clearTimeout(inc.timer);
    inc.decided = true;
    inc.chunks = null;
    this.incoming = null;
    this.discarding = true;
    this.givenUp = inc.id;
    if (tellSender) {
      this.sendControl({t: 'abort', id: inc.id, reason: why.slice(0, MAX_REASON)});
    }
    this.hooks.failed(inc.id, 'incoming file ' + inc.name + ' failed: ' + (tellSender ? why : 'the sender aborted it: ' + why), 'in');
  }

  sendControl(message) {
    const ch = this.channel;
    if (ch && ch.readyState === 'open') {
      ch.send(JSON.stringify(message));
    }
  }

  /** The call ended: everything in progress is dropped, nothing is sent. */
  close(why = 'the call ended') {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (this.incoming) {
      clearTimeout(this.incoming.timer);
      this.hooks.failed(this.incoming.id, 'incoming file ' + this.incoming.name + ' failed: ' + why, 'in');
      this.incoming = null;
    }
    const pending = this.active ? [this.active, ...this.queue] : this.queue;
    this.active = null;
    this.queue = [];
    for (const t of pending) {
      clearTimeout(t.timer);
      t.reject(new Error(why));
    }
  }
}
