// Browser baseline of the call set-up benchmark (benchmarks/.../setup/SetupBenchmark.java runs it).
//
//   node setup-bench.mjs --url http://127.0.0.1:P/ [--calls 20] [--warmup 2] [--timeout 20] [--chromium /usr/bin/chromium]
//
// Opens two pages of the Callwire browser client (served by the signaling server, raw WebSocket endpoint) in
// one headless Chromium, A and B (autoanswer) in one fresh room, both sending the fake camera constrained to
// 320x240@15 like the Java clients. A calls B warmup+calls times, hanging up in between. Per call, measured
// inside page A from window.callwire.call(): the call's state 'connected'; the first decoded remote frame
// (firstFrameMs: first VideoFrame read from a MediaStreamTrackProcessor on the remote track, the closest
// equivalent of the Java renderer's first onFrame); for comparison the remote <video> getting a videoWidth
// (videoElementMs) and getStats() framesDecoded > 0 (statsDecodedMs, quantised by libwebrtc's 50 ms stats
// cache); and when page B saw the incoming call (same clock: performance.timeOrigin + performance.now()).
// stdout: one line "RESULT {json}". Exit 0 on success, 1 on failure, 2 on a missing tool.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = parseArgs(process.argv.slice(2));
const chromiumPath = args.chromium || '/usr/bin/chromium';
const calls = Number(args.calls || 20);
const warmup = Number(args.warmup || 2);
const timeoutMs = Number(args.timeout || 20) * 1000;
if (!args.url) {
  console.error('usage: node setup-bench.mjs --url URL [--calls N] [--warmup N] [--timeout S] [--chromium PATH]');
  process.exit(2);
}
if (!existsSync(chromiumPath)) {
  finish(2, {ok: false, reason: `${chromiumPath} is missing: install the Debian package 'chromium'`});
}
let playwright;
try {
  playwright = await import('playwright-core');
} catch (e) {
  finish(2, {ok: false, reason: `playwright-core is not installed (npm ci): ${e.message}`});
}

// Same media as the Java clients: 320x240 at 15 fps (the page itself asks for {video: true}).
const constrainCamera = () => {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    if (constraints && constraints.video === true) {
      constraints = {...constraints, video: {width: {exact: 320}, height: {exact: 240}, frameRate: {exact: 15}}};
    }
    return original(constraints);
  };
};

const profile = mkdtempSync(join(tmpdir(), 'callwire-chromium-'));
const room = 'setup-browser-' + Date.now();
let context;
let outcome;
try {
  context = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: {width: 800, height: 600},
    args: [
      '--headless', '--no-sandbox', '--disable-gpu',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic',
      '--disable-renderer-backgrounding', '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  await context.addInitScript(constrainCamera);
  const a = context.pages()[0] || await context.newPage();
  const b = await context.newPage();
  const base = args.url.replace(/\/?$/, '/');
  await b.goto(`${base}?room=${room}&name=B&autostart=1&autoanswer=1`, {waitUntil: 'load'});
  await a.goto(`${base}?room=${room}&name=A&autostart=1`, {waitUntil: 'load'});
  for (const page of [a, b]) {
    await page.waitForFunction(() => window.callwire && window.callwire.state().joined, null,
        {timeout: 20000, polling: 50});
  }
  const bId = await (await a.waitForFunction(() => {
    const p = window.callwire.state().peers.find((x) => x.name === 'B');
    return p ? p.id : null;
  }, null, {timeout: 20000, polling: 50})).jsonValue();
  const local = await a.evaluate(() => window.callwire.state().localVideo);

  // Page B: remember when each incoming call first showed up (polled every 2 ms).
  await b.evaluate(() => {
    window.__seen = {};
    setInterval(() => {
      for (const c of window.callwire.state().calls) {
        if (!(c.callId in window.__seen)) {
          window.__seen[c.callId] = performance.timeOrigin + performance.now();
        }
      }
    }, 2);
  });

  const samples = [];
  for (let i = 0; i < warmup + calls; i++) {
    const r = await a.evaluate(async ({peerId, timeoutMs}) => {
      const now = () => performance.timeOrigin + performance.now();
      const t0 = now();
      const id = window.callwire.call(peerId);
      const tCalled = now();
      if (!id) {
        return {ok: false, reason: 'call() returned null'};
      }
      let connected = null;
      let frame = null;       // the remote <video> has a videoWidth: first frame through the media pipeline
      let decoded = null;     // first VideoFrame out of a MediaStreamTrackProcessor on the remote track
      let statsFrame = null;  // getStats() framesDecoded > 0 (libwebrtc caches stats for up to 50 ms)
      let processor = false;
      let statsPending = false;
      const hasProcessor = typeof window.MediaStreamTrackProcessor === 'function';
      while (now() - t0 < timeoutMs
          && (frame === null || connected === null || statsFrame === null || (hasProcessor && decoded === null))) {
        const st = window.callwire.state().calls.find((c) => c.callId === id);
        if (connected === null && st && st.state === 'connected') {
          connected = now();
        }
        const video = document.querySelector(`#remotes [data-call-id="${id}"] video`);
        const tracks = video && video.srcObject ? video.srcObject.getVideoTracks() : [];
        if (hasProcessor && !processor && tracks.length > 0) {
          processor = true;
          const track = tracks[0].clone();
          const reader = new MediaStreamTrackProcessor({track}).readable.getReader();
          reader.read().then(({value}) => {
            decoded = now();
            if (value) {
              value.close();
            }
            reader.cancel().catch(() => {});
            track.stop();
          }).catch(() => {});
        }
        if (frame === null && video && video.videoWidth > 0) {
          frame = now();
        }
        if (statsFrame === null && !statsPending) {
          statsPending = true;
          window.callwire.stats().then((all) => {
            const s = all.find((c) => c.callId === id);
            if (statsFrame === null && s && s.framesDecoded > 0) {
              statsFrame = now();
            }
          }).catch(() => {}).finally(() => { statsPending = false; });
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const ms = (t) => (t === null ? null : t - t0);
      const first = hasProcessor ? decoded : frame;
      return {ok: first !== null, id, t0, callReturnMs: tCalled - t0, connectedMs: ms(connected),
        firstFrameMs: ms(first), videoElementMs: ms(frame), statsDecodedMs: ms(statsFrame),
        firstFrameSource: hasProcessor ? 'MediaStreamTrackProcessor' : 'video.videoWidth'};
    }, {peerId: bId, timeoutMs});
    if (!r.ok) {
      throw new Error(`call ${i}: no remote frame within ${timeoutMs} ms (${r.reason || ''})`);
    }
    const seen = await b.evaluate((id) => window.__seen[id] || null, r.id);
    r.calleeSawMs = seen === null ? null : seen - r.t0;
    if (i >= warmup) {
      samples.push(r);
    }
    // Hang up and wait until both pages have no live call, then let things settle.
    await a.evaluate(() => window.callwire.hangUp());
    for (const page of [a, b]) {
      await page.waitForFunction(() => window.callwire.state().calls.length === 0, null,
          {timeout: 10000, polling: 20});
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  outcome = {ok: true, localVideo: local, chromium: context.browser() ? context.browser().version() : null,
    samples: samples.map(({id, t0, ok, ...rest}) => rest)};
} catch (e) {
  outcome = {ok: false, reason: `driver error: ${e.message.split('\n')[0]}`};
} finally {
  if (context) {
    await context.close().catch(() => {});
  }
  rmSync(profile, {recursive: true, force: true});
}
finish(outcome.ok ? 0 : 1, outcome);

function finish(code, result) {
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(code);
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      out[argv[i].slice(2)] = argv[i + 1];
      i++;
    }
  }
  return out;
}
