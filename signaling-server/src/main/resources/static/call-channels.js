// The two data channels of one call, split out of call.js: "callwire-data" carries chat text, "callwire-files" the
// file sub-protocol (files.js). The caller opens both before its first offer; the callee takes the caller's and
// closes any other (or a duplicate after glare, when the polite side drops its own with dropLocalChannels).
import {DATA_LABEL, FILES_LABEL} from './protocol.js';

/** Glare: the polite side gives up the channels it opened, the other side's come with the offer it answers. */
export function dropLocalChannels(call) {
  if (!call.localChannels) {
    return;
  }
  call.localChannels = false;
  const files = call.files.channel;
  const data = call.dataChannel;
  call.dataChannel = null;
  call.files.channel = null;
  for (const ch of [data, files]) {
    if (ch) {
      ch.onclose = null;
      ch.close();
    }
  }
}

/** The callee gets the caller's channels; any other label (or a duplicate in glare) is closed. */
export function onRemoteChannel(call, channel) {
  const known = channel.label === DATA_LABEL || channel.label === FILES_LABEL;
  if (!known || call.localChannels || call.state === 'ended') {
    channel.close();
    return;
  }
  if (channel.label === DATA_LABEL) {
    call.useDataChannel(channel);
  } else {
    call.files.attach(channel);
  }
}

export function useDataChannel(call, channel) {
  call.dataChannel = channel;
  channel.binaryType = 'arraybuffer';
  channel.onmessage = (event) => call.ctx.message(call, event.data);
  channel.onopen = () => call.ctx.changed(call);
  channel.onclose = () => call.ctx.changed(call);
}

/** Sends a chat message as a text message; false when the channel is not open or too full. */
export function sendText(call, text) {
  const ch = call.dataChannel;
  if (!ch || ch.readyState !== 'open' || ch.bufferedAmount > 1024 * 1024) {
    return false;
  }
  ch.send(text);
  return true;
}
