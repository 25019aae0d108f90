// Browser baseline of the call set-up benchmarks (SetupBenchmark and ColdCallBenchmark run it).
//
//   node setup-bench.mjs --url http://127.0.0.1:P/ [--calls 20] [--warmup 2] [--timeout 20] [--chromium /usr/bin/chromium]
//   node setup-bench.mjs --url ... --serve      (one call per "call" line on stdin, "SAMPLE {json}" each; "quit" ends)
//
// Opens two pages of the Callwire browser client (served by the signaling server, raw WebSocket endpoint) in
// one headless Chromium, A and B (autoanswer) in one fresh room, both sending the fake camera constrained to
// 320x240@15 (or --width/--height/--fps) like the Java clients. A calls B, hanging up in between.
//
// Nothing polls while a call is being set up, so the pages carry no more measuring load than the Java side: an
// init script wraps RTCPeerConnection and records, from the connection's own events, when the offer/answer
// was applied, ICE connected ('iceconnectionstatechange') and ICE+DTLS connected ('connectionstatechange',
// the Java side's CONNECTED); the first decoded remote video frame is the first VideoFrame a
// MediaStreamTrackProcessor reads from (a clone of) the remote track, awaited, not polled; a 2x2 <video> of the
// track adds, from requestVideoFrameCallback, when a video element presented it (reported apart: a headless
// page presents its first frame hundreds of ms after decoding it). All times are ms from window.callwire.call()
// on page A, one clock for both pages (performance.timeOrigin + performance.now()). SetupBenchmark and
// ColdCallBenchmark use --serve, so that their Java calls and these pages' calls interleave round by round.
// stdout: "RESULT {json}" (batch) or "SAMPLE {json}" lines (serve). Exit 0 ok, 1 failure, 2 missing tool.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const args = parseArgs(process.argv.slice(2));
const chromiumPath = args.chromium || '/usr/bin/chromium';
const calls = Number(args.calls || 20);
const warmup = Number(args.warmup || 2);
const timeoutMs = Number(args.timeout || 20) * 1000;
const serve = 'serve' in args;
const media = {width: Number(args.width || 320), height: Number(args.height || 240), fps: Number(args.fps || 15)};
if (!args.url) {
  console.error('usage: node setup-bench.mjs --url URL [--calls N] [--warmup N] [--timeout S] [--chromium PATH] [--serve]');
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

// Runs in every page before its scripts: the camera constraint, and the event-driven recorder.
const instrument = (m) => {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    if (constraints && constraints.video === true) {
      constraints = {...constraints, video: {width: {exact: m.width}, height: {exact: m.height},
        frameRate: {ideal: m.fps, max: m.fps}}};
    }
    return original(constraints);
  };
  const now = () => performance.timeOrigin + performance.now();
  const waiters = [];
  const notify = () => {
    for (const w of [...waiters]) {
      if (w.test()) {
        waiters.splice(waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(true);
      }
    }
  };
  window.__pcs = [];
  /** Resolves once test() holds (re-checked on each recorded event), false after timeoutMs. */
  window.__until = (test, timeoutMs) => new Promise((resolve) => {
    if (test()) {
      resolve(true);
      return;
    }
    const w = {test, resolve};
    w.timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(w), 1);
      resolve(false);
    }, timeoutMs);
    waiters.push(w);
  });
  window.__notify = notify;
  const Native = window.RTCPeerConnection;
  function Recorded(...a) {
    const pc = new Native(...a);
    const rec = {created: now(), localOffer: null, localAnswer: null, remoteOffer: null, remoteAnswer: null,
      ice: null, dtls: null, frameDecoded: null, framePresented: null, watching: false};
    window.__pcs.push(rec);
    const mark = (key) => {
      if (rec[key] === null) {
        rec[key] = now();
        notify();
      }
    };
    pc.addEventListener('iceconnectionstatechange', () => {
      if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') {
        mark('ice');
      }
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'connected') {
        mark('dtls');
      }
    });
    const setLocal = pc.setLocalDescription.bind(pc);
    pc.setLocalDescription = (...d) => setLocal(...d).then((r) => {
      const type = pc.localDescription && pc.localDescription.type;
      mark(type === 'offer' ? 'localOffer' : 'localAnswer');
      return r;
    });
    const setRemote = pc.setRemoteDescription.bind(pc);
    pc.setRemoteDescription = (d, ...rest) => {
      const at = now();
      return setRemote(d, ...rest).then((r) => {
        const key = d && d.type === 'offer' ? 'remoteOffer' : 'remoteAnswer';
        if (rec[key] === null) {
          rec[key] = at;
          notify();
        }
        return r;
      });
    };
    pc.addEventListener('track', (event) => {
      if (event.track.kind !== 'video' || rec.watching) {
        return;
      }
      rec.watching = true;
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:2px;opacity:0.01';
      video.srcObject = new MediaStream([event.track]);
      document.body.appendChild(video);
      // The first decoded frame as the track delivers it (no rendering involved): a headless page's hidden
      // video element presents its first frame hundreds of ms after it was decoded, so rVFC alone made
      // Chromium look slower than it is. rVFC stays for the element's own figure.
      if (typeof MediaStreamTrackProcessor === 'function') {
        const reader = new MediaStreamTrackProcessor({track: event.track.clone()}).readable.getReader();
        reader.read().then(({value}) => {
          if (value) {
            rec.frameDecoded = now();
            rec.frameSource = 'MediaStreamTrackProcessor (first VideoFrame of the track)';
            value.close();
          }
          reader.cancel().catch(() => {});
          notify();
        });
      }
      video.requestVideoFrameCallback((t, meta) => {
        const decoded = meta.receiveTime !== undefined && meta.processingDuration !== undefined
          ? meta.receiveTime + meta.processingDuration * 1000 : meta.presentationTime;
        if (rec.frameDecoded === null) {
          rec.frameDecoded = performance.timeOrigin + decoded;
          rec.frameSource = meta.receiveTime !== undefined ? 'rVFC receiveTime+processingDuration' : 'rVFC presentationTime';
        }
        rec.framePresented = performance.timeOrigin + meta.presentationTime;
        notify();
        video.srcObject = null;
        video.remove();
      });
      video.play().catch(() => {});
    });
    return pc;
  }
  Recorded.prototype = Native.prototype;
  Object.setPrototypeOf(Recorded, Native);
  window.RTCPeerConnection = Recorded;
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
      // The fake camera runs at 20 fps unless told; fps= lets it give what the Java side sends.
      `--use-fake-device-for-media-stream=fps=${media.fps}`, '--use-fake-ui-for-media-stream',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic',
      '--disable-renderer-backgrounding', '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  await context.addInitScript(instrument, media);
  const a = context.pages()[0] || await context.newPage();
  const b = await context.newPage();
  if (args.debug) {
    for (const [name, page] of [['A', a], ['B', b]]) {
      page.on('console', (m) => console.error(`[page ${name}] ${m.text()}`));
      page.on('pageerror', (e) => console.error(`[page ${name}] error ${e.message}`));
    }
  }
  const base = args.url.replace(/\/?$/, '/');
  await b.goto(`${base}?room=${room}&name=B&autostart=1&autoanswer=1`, {waitUntil: 'load'});
  await a.goto(`${base}?room=${room}&name=A&autostart=1`, {waitUntil: 'load'});
  for (const page of [a, b]) {
    await page.waitForFunction(() => window.callwire && window.callwire.state().joined, null,
        {timeout: 90000, polling: 50});
  }
  const bId = await (await a.waitForFunction(() => {
    const p = window.callwire.state().peers.find((x) => x.name === 'B');
    return p ? p.id : null;
  }, null, {timeout: 90000, polling: 50})).jsonValue();
  const local = await a.evaluate(() => window.callwire.state().localVideo);
  const chromium = context.browser() ? context.browser().version() : null;

  const oneCall = async () => {
    const before = await b.evaluate(() => window.__pcs.length);
    const r = await a.evaluate(async ({peerId, timeoutMs}) => {
      const now = () => performance.timeOrigin + performance.now();
      const count = window.__pcs.length;
      const t0 = now();
      const id = window.callwire.call(peerId);
      if (!id) {
        return {ok: false, reason: 'call() returned null'};
      }
      const rec = () => window.__pcs[count];
      const done = await window.__until(() => rec() && rec().frameDecoded !== null && rec().framePresented !== null && rec().dtls !== null, timeoutMs);
      const x = rec() || {};
      const ms = (t) => (t === null || t === undefined ? null : t - t0);
      return {ok: done, t0, offerMs: ms(x.localOffer), answerMs: ms(x.remoteAnswer), iceMs: ms(x.ice),
        connectedMs: ms(x.dtls), firstFrameMs: ms(x.frameDecoded), videoElementMs: ms(x.framePresented),
        statsDecodedMs: null, firstFrameSource: x.frameSource || null};
    }, {peerId: bId, timeoutMs});
    if (!r.ok) {
      throw new Error(`no remote frame within ${timeoutMs} ms (${r.reason || ''})`);
    }
    const seen = await b.evaluate((i) => (window.__pcs[i] ? window.__pcs[i].remoteOffer : null), before);
    r.calleeSawMs = seen === null ? null : seen - r.t0;
    // Hang up and wait until both pages have no live call, then let things settle.
    await a.evaluate(() => window.callwire.hangUp());
    for (const page of [a, b]) {
      await page.waitForFunction(() => window.callwire.state().calls.length === 0, null,
          {timeout: 10000, polling: 20});
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const {t0, ok, ...rest} = r;
    return rest;
  };

  if (serve) {
    console.log('READY ' + JSON.stringify({localVideo: local, chromium}));
    const lines = createInterface({input: process.stdin});
    for await (const line of lines) {
      if (line.trim() === 'quit') {
        break;
      }
      if (line.trim() === 'call') {
        try {
          console.log('SAMPLE ' + JSON.stringify({ok: true, ...(await oneCall())}));
        } catch (e) {
          console.log('SAMPLE ' + JSON.stringify({ok: false, reason: e.message.split('\n')[0]}));
        }
      }
    }
    outcome = {ok: true, served: true};
  } else {
    const samples = [];
    for (let i = 0; i < warmup + calls; i++) {
      const sample = await oneCall();
      if (i >= warmup) {
        samples.push(sample);
      }
    }
    outcome = {ok: true, localVideo: local, chromium, samples};
  }
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
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        out[argv[i].slice(2)] = true; // a flag such as --serve
      } else {
        out[argv[i].slice(2)] = next;
        i++;
      }
    }
  }
  return out;
}
