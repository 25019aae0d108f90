// Everything the page shows: the peer list, buttons, call tiles (camera, screen share, status line), incoming-call
// prompts, and the chat with its file transfers. Reads the state it is given; changes nothing but the DOM.
import {statsLine} from './stats.js';

const $ = (id) => document.getElementById(id);

export const ui = {
  form: $('join-form'), room: $('room'), name: $('name'), start: $('start'), self: $('self'),
  connection: $('connection'), peers: $('peers'), noPeers: $('no-peers'), call: $('call'),
  callAll: $('call-all'), hangup: $('hangup'), incoming: $('incoming'), message: $('message'),
  localVideo: $('local-video'), localInfo: $('local-info'), remotes: $('remotes'),
  chat: $('chat'), chatCall: $('chat-call'), chatLog: $('chat-log'), chatForm: $('chat-form'),
  chatInput: $('chat-input'), chatSend: $('chat-send'), fileInput: $('file-input'), transfers: $('transfers'),
};

export function peerLabel(id, name) {
  return name ? name + ' (' + id.slice(0, 8) + ')' : id;
}

export function button(label, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

export function setConnection(state, text) {
  ui.connection.dataset.state = state;
  ui.connection.textContent = text;
}

export function showMessage(text, isError) {
  ui.message.textContent = text;
  ui.message.classList.toggle('error', !!isError);
  if (isError) {
    console.warn('callwire:', text);
  }
}

/**
 * @param {object} s {peers: Map, selectedPeer, joined, calls: Map}
 * @param {function} callWithPeer peerId -> call or null
 * @param {object} on {select(peerId), call(peerId)}
 */
export function renderPeers(s, callWithPeer, on) {
  ui.peers.replaceChildren();
  for (const peer of s.peers.values()) {
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.dataset.peerId = peer.id;
    if (peer.name) {
      li.dataset.peerName = peer.name;
    }
    li.setAttribute('aria-selected', String(s.selectedPeer === peer.id));
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
    li.addEventListener('click', () => on.select(peer.id));
    li.addEventListener('dblclick', () => on.call(peer.id));
    ui.peers.append(li);
  }
  ui.noPeers.hidden = s.peers.size > 0 || !s.joined;
  refreshButtons(s, callWithPeer);
}

export function refreshButtons(s, callWithPeer) {
  const selected = s.selectedPeer;
  ui.call.disabled = !s.joined || !selected || !!callWithPeer(selected);
  ui.callAll.disabled = !s.joined || [...s.peers.keys()].every((id) => callWithPeer(id));
  ui.hangup.disabled = s.calls.size === 0;
}

/** The tile of a call: camera video, the peer's screen while shared, who and how it goes. */
export class Tile {
  constructor(call) {
    const tile = document.createElement('figure');
    tile.className = 'tile remote';
    const media = document.createElement('div');
    media.className = 'media';
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    const screen = document.createElement('video');
    screen.autoplay = true;
    screen.playsInline = true;
    screen.muted = true;
    screen.className = 'screen';
    screen.hidden = true;
    media.append(screen, video);
    const caption = document.createElement('figcaption');
    const who = document.createElement('span');
    who.className = 'who';
    const status = document.createElement('span');
    status.className = 'status';
    caption.append(who, status);
    tile.append(media, caption);
    ui.remotes.append(tile);
    Object.assign(this, {tile, video, screen, who, status, caption});
    video.srcObject = call.remoteStream;
    this.render(call);
  }

  render(call) {
    const t = this.tile;
    t.dataset.callId = call.id;
    t.dataset.peerId = call.peerId;
    t.dataset.state = call.state;
    this.who.textContent = peerLabel(call.peerId, call.peerName) + (call.direction === 'incoming' ? ' (called you)' : '');
    let text = call.state === 'ringing' && call.direction === 'outgoing' ? 'calling…' : call.state;
    if ((call.state === 'connected' || call.state === 'reconnecting') && call.lastStats) {
      text += ' · ' + statsLine(call.lastStats);
    }
    if (call.state === 'reconnecting' && call.iceRestarts > 0) {
      text += ' · ICE restart ' + call.iceRestarts;
    }
    if (call.state === 'ended') {
      text += ': ' + (call.endDetail || call.endReason);
    }
    this.status.textContent = text;
    const sharing = !!call.screenStream;
    if (sharing && this.screen.srcObject !== call.screenStream) {
      this.screen.srcObject = call.screenStream;
    }
    this.screen.hidden = !sharing;
    t.classList.toggle('sharing', sharing);
    if (call.remoteStream.getTracks().length > 0 && this.video.paused) {
      this.play();
    }
  }

  play() {
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
        this.caption.append(this.unmuteButton);
      }
    });
  }

  /** The tile stays a moment so the end reason can be read. */
  removeLater() {
    const tile = this.tile;
    setTimeout(() => tile.remove(), 4000);
  }
}

export function showPrompt(call, accept, decline) {
  const prompt = document.createElement('div');
  prompt.className = 'prompt';
  prompt.dataset.callId = call.id;
  const text = document.createElement('p');
  text.textContent = 'Incoming call from ' + peerLabel(call.peerId, call.peerName);
  const row = document.createElement('div');
  row.className = 'buttons';
  row.append(button('Accept', 'accept', accept), button('Decline', 'decline danger', decline));
  prompt.append(text, row);
  ui.incoming.append(prompt);
  return prompt;
}

// ---- chat

/** Lists the live calls to chat in; keeps the choice while that call lives, else takes the newest. */
export function renderChatCalls(calls) {
  const live = calls.filter((c) => c.state !== 'ended');
  const chosen = ui.chatCall.value;
  ui.chatCall.replaceChildren(...live.map((c) => {
    const o = document.createElement('option');
    o.value = c.id;
    o.textContent = peerLabel(c.peerId, c.peerName);
    return o;
  }));
  if (live.some((c) => c.id === chosen)) {
    ui.chatCall.value = chosen;
  } else if (live.length) {
    ui.chatCall.value = live[live.length - 1].id;
  }
  ui.chat.hidden = live.length === 0 && ui.chatLog.childElementCount === 0;
  const off = live.length === 0;
  ui.chatInput.disabled = off;
  ui.chatSend.disabled = off;
  ui.fileInput.disabled = off;
}

export function chatLine(who, text, mine) {
  const li = document.createElement('li');
  li.className = mine ? 'mine' : 'theirs';
  const name = document.createElement('b');
  name.textContent = who + ': ';
  const body = document.createElement('span');
  body.textContent = text;
  li.append(name, body);
  ui.chatLog.append(li);
  li.scrollIntoView({block: 'nearest'});
  ui.chat.hidden = false;
}

/** A row for one file transfer: name, size, a progress bar, its outcome, and Accept / Decline when offered. */
export class TransferRow {
  constructor(id, direction, name, size, peer) {
    const li = document.createElement('li');
    li.dataset.transferId = id;
    li.dataset.direction = direction;
    li.dataset.name = name;
    li.dataset.state = direction === 'out' ? 'offered' : 'asked';
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = (direction === 'out' ? '↑ ' : '↓ ') + name + ' (' + human(size) + ') '
        + (direction === 'out' ? 'to ' : 'from ') + peer;
    const bar = document.createElement('progress');
    bar.max = Math.max(1, size);
    bar.value = 0;
    const status = document.createElement('span');
    status.className = 'status';
    status.textContent = direction === 'out' ? 'waiting for them to accept…' : 'offered to you';
    li.append(title, bar, status);
    ui.transfers.append(li);
    ui.chat.hidden = false;
    Object.assign(this, {li, bar, status});
  }

  ask(accept, refuse) {
    const yes = button('Accept', 'file-accept', () => {
      this.buttons.remove();
      this.state('receiving', 'receiving…');
      accept();
    });
    const no = button('Decline', 'file-refuse secondary', () => {
      this.buttons.remove();
      this.state('refused', 'you declined it');
      refuse();
    });
    this.buttons = document.createElement('span');
    this.buttons.append(yes, no);
    this.li.append(this.buttons);
  }

  progress(done, total) {
    this.bar.max = Math.max(1, total);
    this.bar.value = done;
    if (this.li.dataset.state === 'offered') {
      this.state('sending', 'sending…');
    }
  }

  state(state, text) {
    this.li.dataset.state = state;
    this.status.textContent = text;
  }

  verified(text, sha256, link) {
    this.bar.value = this.bar.max;
    this.li.dataset.sha256 = sha256 || '';
    this.state('verified', '✔ verified ' + text);
    if (link) {
      this.li.append(link);
    }
  }

  failed(why) {
    if (this.buttons) {
      this.buttons.remove();
    }
    this.state('failed', '✘ ' + why);
  }
}

export function human(bytes) {
  if (bytes < 1024) {
    return bytes + ' B';
  }
  return bytes < 1024 * 1024 ? (bytes / 1024).toFixed(1) + ' KiB' : (bytes / 1048576).toFixed(1) + ' MiB';
}

/** The chat box: the message form, the file picker and dropping files on it (the data-channel side is chat.js). */
export function bindChatControls(sendChat, sendFile) {
  ui.chatForm.addEventListener('submit', (event) => {
    event.preventDefault();
    sendChat(ui.chatInput.value);
  });
  ui.fileInput.addEventListener('change', () => {
    [...ui.fileInput.files].forEach(sendFile);
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
    [...(event.dataTransfer ? event.dataTransfer.files : [])].forEach(sendFile);
  });
}
