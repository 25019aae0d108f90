// What every Callwire Chromium driver needs, in one module (no dependencies of its own: the caller imports
// playwright-core from its own node_modules and passes it in). Drivers elsewhere (call-bot's driver.mjs, the
// swing-demo chat driver, the set-up benchmark) can import this instead of carrying their own copies.
//
//   parseArgs(argv)                       --key value pairs; exits 2 on a stray argument
//   emit(tag, json)                       one "TAG {json}" line on stdout (what the Java side reads)
//   finish(code, result)                  "RESULT {json}" and exit
//   noPlaywright(driverDir)               the catch of the driver's import('playwright-core'): how to install it
//   openChromium(playwright, options)     headless Debian Chromium with fake camera and microphone
//   watchRemoteVideo(page, callId, gapMs) reports every pause of the call's remote video as a GAP line
//   runInChromium(playwright, options, run, consoleTail)  opens Chromium, runs run(page), ends with its RESULT
//   openJoinedPage(page, url, remaining)  loads the browser client and waits until it joined its room
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) {
      console.error(`unexpected argument '${argv[i]}'`);
      process.exit(2);
    }
    out[argv[i].slice(2)] = argv[i + 1];
    i++;
  }
  return out;
}

export function emit(tag, json) {
  console.log(tag + ' ' + JSON.stringify(json));
}

export function finish(code, result) {
  emit('RESULT', result);
  process.exit(code);
}

/**
 * Use as: await import('playwright-core').catch(noPlaywright(dir)). The import must stay in the driver: a bare
 * specifier resolves from the importing file, and each driver directory has its own node_modules.
 */
export function noPlaywright(driverDir) {
  return (e) => finish(2, {ok: false, reason: `playwright-core is not installed (run 'npm ci' in ${driverDir}): ${e.message}`});
}

/**
 * A persistent headless context of Debian's Chromium (never a downloaded browser) with the fake camera and
 * microphone granted, its page, and a record of the page's console. close() also deletes the profile. origin: an
 * http origin other than localhost that the page is served from, treated as secure; viewport: the page's size, which
 * is what a screenshot shows.
 */
export async function openChromium(playwright, {chromiumPath = '/usr/bin/chromium', started = Date.now(), origin = null,
  viewport = {width: 1280, height: 800}} = {}) {
  if (!existsSync(chromiumPath)) {
    finish(2, {ok: false, reason: `${chromiumPath} is missing: install the Debian package 'chromium'`});
  }
  const profile = mkdtempSync(join(tmpdir(), 'callwire-chromium-'));
  const consoleLines = [];
  const remember = (line) => {
    console.error(`[page +${Date.now() - started} ms] ${line}`);
    consoleLines.push(line);
    if (consoleLines.length > 200) {
      consoleLines.shift();
    }
  };
  let context;
  try {
    context = await playwright.chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', '--disable-quic',
        // getUserMedia needs a secure context: a page served over http from a namespace's address is not one.
        ...(origin ? [`--unsafely-treat-insecure-origin-as-secure=${origin}`] : []),
      ],
    });
  } catch (e) {
    rmSync(profile, {recursive: true, force: true});
    throw e;
  }
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => remember(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => remember(`pageerror: ${e.message}`));
  return {
    page,
    consoleLines,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, {recursive: true, force: true});
    },
  };
}

/**
 * Reads every decoded frame of the call's remote video (MediaStreamTrackProcessor on a clone of the track, so the
 * page's own <video> is untouched) and reports each pause of at least gapMs as
 *   GAP {"callId", "endedAtMs" (wall clock of the frame after the pause), "ms", "width", "height"}.
 * lastFrame() resolves to {count, atMs, width, height} of the newest frame.
 */
export async function watchRemoteVideo(page, callId, gapMs, onGap) {
  const binding = 'cwGap' + Math.random().toString(36).slice(2);
  await page.exposeFunction(binding, (gap) => onGap(gap));
  await page.evaluate(({callId, gapMs, binding}) => {
    const track = window.callwire.remoteVideo(callId);
    if (!track) {
      throw new Error('call ' + callId + ' has no remote video track');
    }
    const reader = new MediaStreamTrackProcessor({track: track.clone()}).readable.getReader();
    const last = {count: 0, atMs: 0, width: 0, height: 0};
    window.__cwLastFrame = window.__cwLastFrame || {};
    window.__cwLastFrame[callId] = last;
    (async () => {
      for (;;) {
        const {value, done} = await reader.read();
        if (done) {
          return;
        }
        const now = Date.now();
        const width = value.displayWidth;
        const height = value.displayHeight;
        value.close();
        if (last.count > 0 && now - last.atMs >= gapMs) {
          window[binding]({callId, endedAtMs: now, ms: now - last.atMs, width, height});
        }
        Object.assign(last, {count: last.count + 1, atMs: now, width, height});
      }
    })();
  }, {callId, gapMs, binding});
  return {
    lastFrame: () => page.evaluate((id) => Object.assign({}, window.__cwLastFrame[id]), callId),
  };
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Opens Chromium, runs run(page) and ends the process with its outcome as the RESULT line: exit 0 when
 * outcome.ok, 1 otherwise, with the page's last console lines attached on failure. A thrown error is a failed
 * outcome whose reason is the error's first line.
 */
export async function runInChromium(playwright, openOptions, run, consoleTail = 40) {
  let chromium;
  let outcome;
  try {
    chromium = await openChromium(playwright, openOptions);
    outcome = await run(chromium.page);
  } catch (e) {
    outcome = {ok: false, reason: `driver error: ${e.message.split('\n')[0]}`};
  } finally {
    if (chromium) {
      await chromium.close();
    }
  }
  if (!outcome.ok && chromium) {
    outcome.console = chromium.consoleLines.slice(-consoleTail);
  }
  finish(outcome.ok ? 0 : 1, outcome);
}

/** Loads the browser client at url and waits until it has joined its room; remaining() gives the time left in ms. */
export async function openJoinedPage(page, url, remaining) {
  await page.goto(url, {waitUntil: 'load', timeout: remaining()});
  await page.waitForFunction(() => window.callwire && window.callwire.state().joined, null,
      {timeout: remaining(), polling: 100}).catch(() => { throw new Error('the page did not join its room'); });
}
