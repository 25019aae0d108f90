// The signaling protocol's vocabulary (docs/protocol.md): version, name rule, bye reasons, and the checks every
// received envelope passes before anything acts on it. No DOM, no state.

export const PROTOCOL_VERSION = 1;
export const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const BYE_REASONS = ['hangup', 'declined', 'busy', 'timeout', 'failed'];
/** The stream id a Callwire peer puts on its screen-share track (a=msid), so it is told apart from the camera. */
export const SCREEN_STREAM = 'callwire-screen';
/** The two data channels of a call: the application's messages, and the file sub-protocol. */
export const DATA_LABEL = 'callwire-data';
export const FILES_LABEL = 'callwire-files';

/**
 * Parses one received frame. Returns {message} for an envelope this client should look at, or {drop: why}.
 * @param {string} data the frame's text
 * @param {string|null} room the room joined, to drop envelopes of another one
 */
export function parseEnvelope(data, room) {
  let message;
  try {
    message = JSON.parse(data);
  } catch (e) {
    return {drop: 'a frame that is not JSON'};
  }
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') {
    return {drop: 'a message without type'};
  }
  if (message.v !== PROTOCOL_VERSION) {
    return {drop: 'a message of protocol version ' + message.v};
  }
  if (message.room !== undefined && message.room !== room && message.type !== 'error') {
    return {drop: message.type + ' for room ' + message.room};
  }
  return {message};
}

/** Checks the envelope fields every directed message (offer, answer, candidate, bye) needs; null when fine. */
export function directedProblem(message, selfId) {
  if (typeof message.from !== 'string' || !message.from) {
    return message.type + ' without a sender';
  }
  if (!selfId || message.to !== selfId) {
    return message.type + ' addressed to ' + message.to;
  }
  if (typeof message.call !== 'string' || !NAME_PATTERN.test(message.call)) {
    return message.type + ' without a valid call id';
  }
  return null;
}

/** The perfect-negotiation rule: the peer whose id sorts lower (plain string comparison) is polite. */
export function isPolite(selfId, remoteId) {
  return selfId < remoteId;
}

export function newCallId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

export function flag(value) {
  return value === '1' || value === 'true' || value === 'yes';
}

export function describe(e) {
  if (!e) {
    return 'unknown error';
  }
  return e.name && e.message ? e.name + ': ' + e.message : String(e.message || e);
}

export function log(...args) {
  console.log('callwire:', ...args);
}
