// Drives the Callwire browser client in headless Debian Chromium (playwright-core; never a downloaded browser)
// for BrowserInteropIT.
//
//   node driver.mjs --url http://127.0.0.1:P/?room=R&autostart=1 --mode call|answer --peer-name NAME
//                   --expect-width W --expect-height H [--min-frames 30] [--timeout 60] [--screenshot FILE]
//                   [--chromium /usr/bin/chromium]
//
// --mode call:   once a peer named NAME is in the room, select it and press Call.
// --mode answer: the page was opened with autoanswer=1; wait for NAME to call.
// Then wait until the page decodes more than --min-frames frames of NAME's video at WxH with audio packets,
// take a screenshot, and wait for NAME to hang up.
//
// stdout: "READY {selfId}" once the page has joined, then one "RESULT {json}" line. Exit 0 on success,
// 1 on failure (the RESULT line then has ok=false and a reason), 2 on bad arguments or a missing tool.
import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
// Launching Chromium, arguments and the RESULT line are shared with the other drivers (no dependencies there: the
// playwright-core of this directory is passed in).
import {delay, noPlaywright, openJoinedPage, parseArgs, runInChromium}
  from '../../../../../tools/browser/chromium-page.mjs';

const args = parseArgs(process.argv.slice(2));
const chromiumPath = args.chromium || '/usr/bin/chromium';
const mode = args.mode;
const peerName = args['peer-name'];
const expectWidth = Number(args['expect-width']);
const expectHeight = Number(args['expect-height']);
const minFrames = Number(args['min-frames'] || 30);
const timeoutMs = Number(args.timeout || 60) * 1000;
const started = Date.now();

if (!args.url || !['call', 'answer'].includes(mode) || !peerName || !(expectWidth > 0) || !(expectHeight > 0)) {
  console.error('usage: node driver.mjs --url URL --mode call|answer --peer-name NAME --expect-width W '
      + '--expect-height H [--min-frames N] [--timeout S] [--screenshot FILE] [--chromium PATH]');
  process.exit(2);
}
const playwright = await import('playwright-core').catch(noPlaywright(new URL('.', import.meta.url).pathname));
await runInChromium(playwright, {chromiumPath, started}, run, 40);

async function run(page) {
  await openJoinedPage(page, args.url, remaining);
  const self = await page.evaluate(() => window.callwire.state());
  console.log('READY ' + JSON.stringify({selfId: self.selfId, room: self.room, localVideo: self.localVideo}));

  let peerId;
  if (mode === 'call') {
    const handle = await page.waitForFunction((name) => {
      const peer = window.callwire.state().peers.find((p) => p.name === name);
      return peer ? peer.id : null;
    }, peerName, {timeout: remaining(), polling: 100})
        .catch(() => { throw new Error(`no peer named '${peerName}' joined the room`); });
    peerId = await handle.jsonValue();
    await page.click(`#peers li[data-peer-id="${peerId}"]`);
    await page.click('#call');
  }

  // Wait for the peer's video at the expected size, and its audio.
  let last = null;
  let call = null;
  while (remaining() > 0) {
    const stats = await page.evaluate(() => window.callwire.stats());
    call = stats.find((s) => s.peerName === peerName && (!peerId || s.peerId === peerId)) || null;
    last = {stats, state: await page.evaluate(() => window.callwire.state())};
    if (call && call.framesDecoded > minFrames && call.frameWidth === expectWidth
        && call.frameHeight === expectHeight && call.audioPacketsReceived > 0) {
      break;
    }
    const ended = last.state.ended.find((c) => c.peerName === peerName);
    if (!call && ended) {
      return {ok: false, reason: `the call with ${peerName} ended before enough video: ${ended.endDetail}`, last};
    }
    await delay(300);
  }
  if (!(call && call.framesDecoded > minFrames && call.frameWidth === expectWidth)) {
    return {ok: false, reason: `no ${expectWidth}x${expectHeight} video with more than ${minFrames} frames and `
        + `audio from ${peerName} within ${timeoutMs / 1000} s`, last};
  }
  const msToFrames = Date.now() - started;
  if (args.screenshot) {
    await delay(500); // let the video elements paint a fresh frame
    mkdirSync(dirname(args.screenshot), {recursive: true});
    await page.screenshot({path: args.screenshot});
  }

  // The bot hangs up when its --duration is over: the page must see the bye.
  const end = await page.waitForFunction((id) => {
    const ended = window.callwire.state().ended.find((c) => c.callId === id);
    return ended ? {endReason: ended.endReason, endDetail: ended.endDetail} : null;
  }, call.callId, {timeout: remaining(), polling: 200}).then((h) => h.jsonValue()).catch(() => null);
  const state = await page.evaluate(() => window.callwire.state());
  const inCall = state.ended.find((c) => c.callId === call.callId) || state.calls.find((c) => c.callId === call.callId);
  return {
    ok: end !== null,
    reason: end === null ? `the call with ${peerName} did not end within ${timeoutMs / 1000} s` : undefined,
    mode,
    selfId: state.selfId,
    localVideo: state.localVideo,
    peerId: call.peerId,
    peerName: call.peerName,
    callId: call.callId,
    direction: inCall ? inCall.direction : call.direction,
    framesDecoded: call.framesDecoded,
    frameWidth: call.frameWidth,
    frameHeight: call.frameHeight,
    framesPerSecond: call.framesPerSecond,
    audioPacketsReceived: call.audioPacketsReceived,
    msToFrames,
    endReason: end ? end.endReason : null,
    endDetail: end ? end.endDetail : null,
    screenshot: args.screenshot || null,
  };
}

function remaining() {
  return Math.max(1, timeoutMs - (Date.now() - started));
}
