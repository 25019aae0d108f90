// Keeps one Callwire browser-client call up in headless Debian Chromium and reports, live, how it rides through
// network changes: for BrowserRestartIT (Java <-> Chromium) and the restart benchmark (Chromium <-> Chromium).
//
//   node restart-driver.mjs --url http://HOST:P/?room=R&autostart=1&autoanswer=1&name=ME --mode call|answer
//        --peer-name NAME --expect-width W --expect-height H [--min-frames 30] [--gap-ms 250] [--timeout 300]
//        [--chromium /usr/bin/chromium]
//
// --mode call: once NAME is in the room, call it; --mode answer: the page auto-answers NAME's call.
// stdout, one JSON line each:
//   READY {selfId}                                 the page joined its room
//   FLOWING {callId, framesDecoded, width, height} NAME's video decodes at WxH (more than --min-frames frames)
//   STATE {callId, state, atMs}                    each change of the call's state afterwards (polled every 100 ms)
//   GAP {callId, endedAtMs, ms, width, height}     NAME's video resumed after a pause of at least --gap-ms
//   RESULT {ok, callIds, states, gaps, lastFrame, iceRestarts, endReason, endDetail, ...} once the call ended
// stdin: a line "hangup" hangs the call up. Exit 0 when the call flowed and ended within --timeout, 1 otherwise,
// 2 on bad arguments or a missing tool.
import {createInterface} from 'node:readline';
import {delay, emit, noPlaywright, openJoinedPage, parseArgs, runInChromium, watchRemoteVideo}
  from './chromium-page.mjs';

const args = parseArgs(process.argv.slice(2));
const mode = args.mode;
const peerName = args['peer-name'];
const expectWidth = Number(args['expect-width']);
const expectHeight = Number(args['expect-height']);
const minFrames = Number(args['min-frames'] || 30);
const gapMs = Number(args['gap-ms'] || 250);
const timeoutMs = Number(args.timeout || 300) * 1000;
const started = Date.now();

if (!args.url || !['call', 'answer'].includes(mode) || !peerName || !(expectWidth > 0) || !(expectHeight > 0)) {
  console.error('usage: node restart-driver.mjs --url URL --mode call|answer --peer-name NAME --expect-width W '
      + '--expect-height H [--min-frames N] [--gap-ms MS] [--timeout S] [--chromium PATH]');
  process.exit(2);
}

const playwright = await import('playwright-core').catch(noPlaywright(new URL('.', import.meta.url).pathname));
let hangUpAsked = false;
createInterface({input: process.stdin}).on('line', (line) => {
  if (line.trim() === 'hangup') {
    hangUpAsked = true;
  }
});

await runInChromium(playwright, {chromiumPath: args.chromium, started, origin: new URL(args.url).origin}, run, 60);

async function run(page) {
  await openJoinedPage(page, args.url, remaining);
  emit('READY', {selfId: await page.evaluate(() => window.callwire.state().selfId)});

  if (mode === 'call') {
    const handle = await page.waitForFunction((name) => {
      const peer = window.callwire.state().peers.find((p) => p.name === name);
      return peer ? peer.id : null;
    }, peerName, {timeout: remaining(), polling: 100})
        .catch(() => { throw new Error(`no peer named '${peerName}' joined the room`); });
    const peerId = await handle.jsonValue();
    const id = await page.evaluate((peer) => window.callwire.call(peer), peerId);
    emit('CALLING', {peerId, callId: id});
  }

  let call = null;
  while (remaining() > 0) {
    const stats = await page.evaluate(() => window.callwire.stats());
    call = stats.find((s) => s.peerName === peerName) || null;
    if (call && call.framesDecoded > minFrames && call.frameWidth === expectWidth
        && call.frameHeight === expectHeight) {
      break;
    }
    call = null;
    await delay(200);
  }
  if (!call) {
    return {ok: false, reason: `no ${expectWidth}x${expectHeight} video from ${peerName} within ${timeoutMs / 1000} s`,
      state: await page.evaluate(() => window.callwire.state())};
  }
  const callId = call.callId;
  emit('FLOWING', {callId, framesDecoded: call.framesDecoded, width: call.frameWidth, height: call.frameHeight,
    atMs: Date.now()});

  const gaps = [];
  const video = await watchRemoteVideo(page, callId, gapMs, (gap) => {
    gaps.push(gap);
    emit('GAP', gap);
  });

  // Every call with the peer that ever shows up (a second id would mean it rang again), and each state change.
  const callIds = new Set([callId]);
  const states = [{state: call.state, atMs: Date.now()}];
  let ended = null;
  let hungUp = false;
  while (remaining() > 0 && !ended) {
    if (hangUpAsked && !hungUp) {
      hungUp = true;
      await page.evaluate(() => window.callwire.hangUp());
    }
    const s = await page.evaluate(() => window.callwire.state());
    [...s.calls, ...s.ended].filter((c) => c.peerName === peerName).forEach((c) => callIds.add(c.callId));
    const live = s.calls.find((c) => c.callId === callId);
    ended = s.ended.find((c) => c.callId === callId) || null;
    const now = (live || ended || {}).state;
    if (now && now !== states[states.length - 1].state) {
      states.push({state: now, atMs: Date.now()});
      emit('STATE', {callId, state: now, atMs: Date.now()});
    }
    await delay(100);
  }
  const lastFrame = await video.lastFrame().catch(() => null);
  return {
    ok: ended !== null,
    reason: ended ? undefined : `the call with ${peerName} did not end within ${timeoutMs / 1000} s`,
    mode,
    callId,
    callIds: [...callIds],
    states,
    gaps,
    lastFrame,
    iceRestarts: ended ? ended.iceRestarts : null,
    endReason: ended ? ended.endReason : null,
    endDetail: ended ? ended.endDetail : null,
  };
}

function remaining() {
  return Math.max(1, timeoutMs - (Date.now() - started));
}
