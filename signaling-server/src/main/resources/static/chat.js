// The chat of the page's calls: text as plain messages on a call's "callwire-data" channel, files through the
// call's FileLink (files.js), each with a row in the transfer list. Works on the chat's selected call.
import * as view from './view.js';

const {ui} = view;

/**
 * @param {object} session the page's state: calls (Map), chat (array), transfers (Map)
 * @param {object} options {autoaccept}
 * @returns {{sendChat, onChatMessage, sendFile, fileHooks}}
 */
export function createChat(session, options) {
  function chatCall() {
    return session.calls.get(ui.chatCall.value) || null;
  }

  function peerName(call) {
    return call.peerName || call.peerId.slice(0, 8);
  }

  function sendChat(text) {
    const call = chatCall();
    if (!text.trim() || !call) {
      return false;
    }
    if (!call.sendText(text)) {
      view.showMessage('Not sent: the chat channel with ' + peerName(call) + ' is not open yet.', true);
      return false;
    }
    ui.chatInput.value = '';
    session.chat.push({callId: call.id, peerId: call.peerId, from: 'me', text});
    view.chatLine('You', text, true);
    return true;
  }

  function onChatMessage(call, data) {
    const text = typeof data === 'string' ? data : '[' + data.byteLength + ' bytes of binary data]';
    session.chat.push({callId: call.id, peerId: call.peerId, from: call.peerId, text});
    view.chatLine(peerName(call), text, false);
  }

  function sendFile(file) {
    const call = chatCall();
    if (!call) {
      view.showMessage('Start a call to send files.', true);
      return;
    }
    const {id, done} = call.files.send(file);
    const record = {id, direction: 'out', name: file.name, size: file.size, peerId: call.peerId, state: 'offered'};
    const row = new view.TransferRow(id, 'out', file.name, file.size, peerName(call));
    session.transfers.set(id, {row, record});
    done.then(() => {
      record.state = 'verified';
      row.verified('by ' + peerName(call));
    }, (e) => {
      record.state = 'failed';
      record.error = e.message;
      row.failed(e.message);
    });
  }

  /** The FileLink hooks of one call: offers asked in the chat, progress and outcome in the transfer rows. */
  function fileHooks(call) {
    return {
      offered(offer) {
        const record = {id: offer.id, direction: 'in', name: offer.name, size: offer.size, peerId: call.peerId,
          state: 'asked', sha256: offer.sha256};
        const row = new view.TransferRow(offer.id, 'in', offer.name, offer.size, peerName(call));
        session.transfers.set(offer.id, {row, record});
        const accept = () => {
          record.state = 'receiving';
          offer.accept();
        };
        row.ask(accept, () => {
          record.state = 'refused';
          offer.refuse('declined by the person');
        });
        if (options.autoaccept) {
          row.buttons.querySelector('.file-accept').click();
        }
      },
      progress(id, done, total) {
        const t = session.transfers.get(id);
        if (t) {
          t.row.progress(done, total);
          t.record.done = done;
        }
      },
      received(file) {
        const t = session.transfers.get(file.id);
        if (!t) {
          return;
        }
        t.record.state = 'verified';
        t.record.blob = file.blob;
        const link = document.createElement('a');
        link.href = URL.createObjectURL(file.blob);
        link.download = file.name;
        link.textContent = 'Save';
        link.className = 'download';
        t.row.verified('SHA-256 ' + file.sha256.slice(0, 12) + '…', file.sha256, link);
      },
      failed(id, why) {
        const t = session.transfers.get(id);
        if (t && t.record.state !== 'refused') {
          t.record.state = 'failed';
          t.record.error = why;
          t.row.failed(why);
        }
      },
    };
  }

  return {sendChat, onChatMessage, sendFile, fileHooks};
}
