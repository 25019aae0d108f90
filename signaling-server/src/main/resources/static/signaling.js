// The signaling connection: one WebSocket to /ws of the server that serves the page, join (with the resume id and
// key after a drop), reconnect with back-off, and send. What arrives is handed to onEnvelope after parseEnvelope.
import {PROTOCOL_VERSION, parseEnvelope, log} from './protocol.js';

export class Signaling {
  /**
   * @param {object} hooks onEnvelope(message), onState(state, text), onClosed()
   * @param {object} options {token, debug}
   */
  constructor(hooks, options) {
    this.hooks = hooks;
    this.options = options;
    this.ws = null;
    this.room = null;
    this.displayName = null;
    this.selfId = null;
    this.resumeKey = null;
    this.joined = false;
    this.stopped = false;
    this.attempts = 0;
    this.lastForced = 0;
    this.retired = null; // the socket reconnectNow() replaces, until the new one is welcomed
  }

  connect(room, displayName) {
    this.room = room;
    this.displayName = displayName;
    this.open();
  }

  open() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    this.hooks.onState(this.selfId ? 'reconnecting' : 'connecting', this.selfId ? 'reconnecting…' : 'connecting…');
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      const join = {type: 'join'};
      if (this.displayName) {
        join.name = this.displayName;
      }
      if (this.options.token) {
        join.token = this.options.token; // rooms that require a join token
      }
      if (this.selfId) {
        join.resume = this.selfId; // Callwire servers give the old id back, proven by the key of its welcome
        if (this.resumeKey) {
          join.resumeKey = this.resumeKey;
        }
      }
      this.send(join, ws);
    };
    ws.onmessage = (event) => {
      const parsed = parseEnvelope(event.data, this.room);
      if (parsed.drop) {
        log('dropping', parsed.drop);
        return;
      }
      const m = parsed.message;
      if (this.options.debug) {
        log('<-', m.type, m.from || '', m.call || '', m.reason || m.code || '');
      }
      this.hooks.onEnvelope(m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) {
        return;
      }
      this.ws = null;
      this.joined = false;
      this.hooks.onClosed();
      if (this.stopped) {
        return;
      }
      // Calls keep their media meanwhile; only signaling is gone.
      const delay = Math.min(10000, 1000 * 2 ** Math.min(this.attempts++, 4));
      this.hooks.onState('reconnecting', 'signaling lost, retrying in ' + Math.round(delay / 1000) + ' s');
      setTimeout(() => this.open(), delay);
    };
  }

  /** Remembers what the welcome gave; the resume key is a secret and is never shown. */
  welcomed(message) {
    this.selfId = message.self;
    this.resumeKey = typeof message.resumeKey === 'string' ? message.resumeKey : null;
    this.joined = true;
    this.attempts = 0;
    if (this.retired) {
      this.retired.close(); // the server has handed our id to the new socket
      this.retired = null;
    }
  }

  send(message, ws = this.ws) {
    if ((!ws || ws.readyState !== WebSocket.OPEN) && ws === this.ws && this.retired
        && this.retired.readyState === WebSocket.OPEN) {
      ws = this.retired; // the new socket is not welcomed yet
    }
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      log('not connected; dropping', message.type);
      return false;
    }
    ws.send(JSON.stringify(Object.assign({v: PROTOCOL_VERSION, room: this.room}, message)));
    return true;
  }

  /**
   * The media path of a call broke: the network under the page may have changed, and a WebSocket whose local
   * address went away never learns it (no FIN, no error), so offers sent on it vanish. Opens a fresh socket at once
   * and resumes the id on it (the server then closes the old connection); until the new one is welcomed, the old one
   * still receives and sends, so a peer whose network did not change loses nothing. At most every 5 s.
   */
  reconnectNow(why) {
    const old = this.ws;
    if (this.stopped || !old || !this.joined || this.retired || Date.now() - this.lastForced < 5000) {
      return;
    }
    this.lastForced = Date.now();
    log('reopening signaling at once:', why);
    old.onclose = () => {
      if (this.retired === old) {
        this.retired = null;
      }
    };
    this.retired = old;
    this.open();
  }

  /** Stops for good (a refused join, or the page going away). */
  stop() {
    this.stopped = true;
    if (this.ws) {
      this.ws.close();
    }
  }
}
