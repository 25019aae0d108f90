// Drives the Callwire browser client in headless Debian Chromium (playwright-core; never a downloaded browser)
// for BrowserChatIT: a call with a Java SDK peer, chat both ways and a file each way.
//
//   node chat-driver.mjs --url URL --peer-name NAME --file PATH --expect-file NAME [--timeout 90]
//                        [--screenshot FILE] [--chromium /usr/bin/chromium]
//
// Once NAME is in the room: select it, press Call, wait for the chat channel, type a message and send it, wait
// for NAME's answer, send PATH through the file input, wait until NAME verified it, then wait for NAME's file
// (--expect-file), press its Accept button, wait until it is verified here, and wait for NAME to hang up.
//
// stdout: "READY {selfId}" once joined, then one "RESULT {json}" line. Exit 0 on success, 1 on failure (RESULT has
// ok=false and a reason), 2 on bad arguments or a missing tool.
import {mkdirSync} from 'node:fs';
import {dirname, basename} from 'node:path';
import {createHash} from 'node:crypto';
// Launching Chromium, arguments and the RESULT line are shared with the other drivers (no dependencies there: the
// playwright-core of this directory is passed in).
import {noPlaywright, openJoinedPage, parseArgs, runInChromium} from '../../../../../tools/browser/chromium-page.mjs';

const args = parseArgs(process.argv.slice(2));
const chromiumPath = args.chromium || '/usr/bin/chromium';
const timeoutMs = Number(args.timeout || 90) * 1000;
const started = Date.now();
if (!args.url || !args['peer-name'] || !args.file || !args['expect-file']) {
  console.error('usage: node chat-driver.mjs --url URL --peer-name NAME --file PATH --expect-file NAME');
  process.exit(2);
}
const playwright = await import('playwright-core').catch(noPlaywright(new URL('.', import.meta.url).pathname));
// A wider page than the default, so the screenshot shows the chat and the transfers side by side.
await runInChromium(playwright, {chromiumPath, started, viewport: {width: 1400, height: 900}}, run, 40);

async function run(page) {
  const peerName = args['peer-name'];
  const wait = (what, fn, arg) => page.waitForFunction(fn, arg, {timeout: remaining(), polling: 100})
      .then((h) => h.jsonValue()).catch(() => { throw new Error(what); });
  await openJoinedPage(page, args.url, remaining);
  const self = await page.evaluate(() => window.callwire.state());
  console.log('READY ' + JSON.stringify({selfId: self.selfId}));

  const peerId = await wait(`no peer named '${peerName}' joined`, (name) => {
    const p = window.callwire.state().peers.find((x) => x.name === name);
    return p ? p.id : null;
  }, peerName);
  await page.click(`#peers li[data-peer-id="${peerId}"]`);
  await page.click('#call');
  await wait('the call did not connect with an open chat channel', () =>
    window.callwire.state().calls.some((c) => c.state === 'connected' && c.dataChannel === 'open'));

  // Chat both ways: type, press Send, read the Java side's answer in the log.
  await page.fill('#chat-input', 'hello from chromium');
  await page.click('#chat-send');
  const answer = await wait(`${peerName} did not answer in the chat`, (id) => {
    const line = window.callwire.state().chat.find((m) => m.from === id);
    return line ? line.text : null;
  }, peerId);
  const logText = await page.textContent('#chat-log');

  // A file from here: through the file input, offered, accepted there, verified there.
  await page.setInputFiles('#file-input', args.file);
  const sent = await wait(`${basename(args.file)} was not verified by ${peerName}`, (name) => {
    const t = window.callwire.transfers().find((x) => x.direction === 'out' && x.name === name);
    return t && (t.state === 'verified' || t.state === 'failed') ? t : null;
  }, basename(args.file));
  if (sent.state !== 'verified') {
    return {ok: false, reason: `sending failed: ${sent.error}`};
  }

  // A file from the Java side: the page asks, the person accepts, the page verifies SHA-256.
  const expect = args['expect-file'];
  await page.waitForSelector(`#transfers li[data-name="${expect}"][data-direction="in"] .file-accept`,
      {timeout: remaining()});
  await page.click(`#transfers li[data-name="${expect}"][data-direction="in"] .file-accept`);
  const got = await wait(`${expect} did not arrive verified`, (name) => {
    const t = window.callwire.transfers().find((x) => x.direction === 'in' && x.name === name);
    return t && (t.state === 'verified' || t.state === 'failed') ? t : null;
  }, expect);
  if (got.state !== 'verified') {
    return {ok: false, reason: `receiving failed: ${got.error}`};
  }
  const content = await page.evaluate((id) => window.callwire.receivedText(id), got.id);
  const status = await page.textContent(`#transfers li[data-transfer-id="${got.id}"] .status`);
  if (args.screenshot) {
    mkdirSync(dirname(args.screenshot), {recursive: true});
    await page.screenshot({path: args.screenshot});
  }
  // Tell the Java side we are done; it hangs up.
  await page.fill('#chat-input', 'all done');
  await page.click('#chat-send');
  const end = await wait(`${peerName} did not hang up`, () => {
    const e = window.callwire.state().ended[0];
    return e ? {endReason: e.endReason} : null;
  });
  // The content itself stays out of the one-line result: its length and hash prove it.
  const contentSha256 = createHash('sha256').update(content, 'utf8').digest('hex');
  return {ok: true, peerId, answer, chatLog: logText, sent, received: {name: got.name, size: got.size,
    sha256: got.sha256, status, contentLength: content.length, contentSha256}, endReason: end.endReason};
}

function remaining() {
  return Math.max(1, timeoutMs - (Date.now() - started));
}
