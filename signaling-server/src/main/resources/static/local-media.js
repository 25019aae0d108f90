// The page's own camera and microphone (split out of app.js).
import {describe} from './protocol.js';
import * as view from './view.js';

const {ui} = view;

/** Camera and microphone; with less if that fails (a receive-only peer still works). */
export async function openLocalMedia() {
  const attempts = [{video: true, audio: true}, {video: true, audio: false}, {video: false, audio: true}];
  let lastError = null;
  for (const constraints of attempts) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (e) {
      lastError = e;
    }
  }
  view.showMessage('No camera or microphone (' + describe(lastError) + '); calls will only receive.', true);
  return new MediaStream();
}

export function describeLocalMedia(stream) {
  const video = stream.getVideoTracks()[0];
  const audio = stream.getAudioTracks()[0];
  const settings = video ? video.getSettings() : null;
  ui.localInfo.textContent = (settings ? settings.width + 'x' + settings.height : 'no camera')
      + (audio ? '' : ', no microphone');
}
