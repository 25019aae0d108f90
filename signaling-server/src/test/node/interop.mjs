// Joins a room on the Callwire signaling server with the official socket.io client, offers a call
// to one expected peer and waits for its answer. Prints one JSON line with what it saw; exit 0 on
// success, 1 with the reason on stderr otherwise.
// Usage: node interop.mjs <http-url> <room> <expected-peer-id> <polling,websocket|websocket>
import { io } from "socket.io-client";

const [url, room, expectedPeer, transportList] = process.argv.slice(2);
const transports = (transportList || "polling,websocket").split(",");
const deadline = setTimeout(() => fail("timed out"), 15000);
const seen = { transports, welcome: null, answer: null, upgradedTo: null };
const callId = "node-call-" + Date.now();

function fail(reason) {
  console.error("interop failed: " + reason + " (seen: " + JSON.stringify(seen) + ")");
  process.exit(1);
}

const socket = io(url, { transports, forceNew: true, reconnection: false });
socket.on("connect_error", (err) => fail("connect_error: " + err.message));
socket.on("connect", () => {
  socket.emit("signal", { v: 1, type: "join", room, name: "node" });
});
socket.on("signal", (message) => {
  if (message.type === "welcome") {
    seen.welcome = message;
    if (!message.peers.some((p) => p.id === expectedPeer)) {
      fail("welcome does not list " + expectedPeer);
    }
    // "from" is a lie on purpose: the server must overwrite it.
    socket.emit("signal", { v: 1, type: "offer", room, from: "spoofed", to: expectedPeer, call: callId, sdp: "v=0 from node" });
  } else if (message.type === "answer") {
    seen.answer = message;
    seen.upgradedTo = socket.io.engine.transport.name;
    clearTimeout(deadline);
    console.log(JSON.stringify(seen));
    socket.disconnect();
    process.exit(message.call === callId && message.from === expectedPeer ? 0 : 1);
  } else if (message.type === "error") {
    fail("server error: " + JSON.stringify(message));
  }
});
