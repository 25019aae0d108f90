// The server benchmark's baseline: the PROTOCOL.md relay (join/welcome/peer-joined, leave/peer-left,
// directed messages with "from" stamped, the usual error answers) on socket.io 4 (event "signal") and
// ws (path /ws) sharing one HTTP server, the way a node developer would write it. No rate limits, tokens or
// resume keys: it does the work of a relay and nothing else, so it is the bar to meet, not a rival server.
// Usage: node --expose-gc relay.mjs [port]. Prints "PORT n"; stdin "gc" runs a full GC and prints "GC done"
// with the heap's size and use in KiB (heapTotal=.. heapUsed=..), then "GC reduced" after the next major GC
// that nobody forced: V8's memory reducer, the only collection that gives the pages a GC freed back to the
// system, on its own timer (8-26 s after a forced GC here).
import http from "node:http";
import { PerformanceObserver, constants } from "node:perf_hooks";
import readline from "node:readline";
import { randomUUID } from "node:crypto";
import { Server } from "socket.io";
import { WebSocketServer } from "ws";

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_CHARS = 64 * 1024;
const DIRECTED = new Set(["offer", "answer", "candidate", "bye"]);
const rooms = new Map(); // room -> Map(peer id -> peer), in join order

function error(peer, room, code, message, ref) {
  peer.send({ v: 1, type: "error", room: room ?? "", code, message, ...(ref ? { ref } : {}) });
}

function leave(peer) {
  const members = rooms.get(peer.room);
  members.delete(peer.id);
  if (members.size === 0) {
    rooms.delete(peer.room);
  } else {
    const left = { v: 1, type: "peer-left", room: peer.room, peer: { id: peer.id } };
    for (const member of members.values()) member.send(left);
  }
  peer.room = peer.id = null;
}

function handle(peer, m) {
  if (m === null || typeof m !== "object" || Array.isArray(m) || m.v !== 1 || typeof m.type !== "string"
      || typeof m.room !== "string" || !NAME.test(m.room)) {
    return error(peer, null, "bad-message", "not a protocol envelope");
  }
  if (m.type === "join") {
    if (m.name !== undefined && (typeof m.name !== "string" || m.name.length > 64)) {
      return error(peer, m.room, "bad-message", "bad name", "join");
    }
    if (peer.room) leave(peer);
    let members = rooms.get(m.room);
    if (!members) rooms.set(m.room, (members = new Map()));
    const id = randomUUID();
    const peers = [...members.values()].map((p) => ({ id: p.id, name: p.name }));
    peer.room = m.room;
    peer.id = id;
    peer.name = m.name ?? null;
    members.set(id, peer);
    peer.send({ v: 1, type: "welcome", room: m.room, self: id, peers, iceServers: [] });
    const joined = { v: 1, type: "peer-joined", room: m.room, peer: { id, name: peer.name } };
    for (const member of members.values()) if (member !== peer) member.send(joined);
  } else if (m.type === "leave") {
    if (peer.room !== m.room) return error(peer, m.room, "not-joined", "not in that room", "leave");
    leave(peer);
  } else if (DIRECTED.has(m.type)) {
    if (!peer.room) return error(peer, m.room, "not-joined", "join first", m.type);
    if (typeof m.to !== "string" || !NAME.test(m.to) || typeof m.call !== "string") {
      return error(peer, m.room, "bad-message", "bad to or call", m.type);
    }
    const target = m.room === peer.room ? rooms.get(peer.room).get(m.to) : undefined;
    if (!target) return error(peer, m.room, "unknown-peer", "no such peer in your room", m.type);
    m.from = peer.id; // stamped: a client-supplied "from" is overwritten
    target.send(m);
  } else {
    error(peer, m.room, "bad-message", "unknown type", m.type);
  }
}

function closed(peer) {
  if (peer.room) leave(peer);
}

const server = http.createServer((req, res) => {
  res.writeHead(404).end();
});

// socket.io: every envelope is the single argument of the event "signal".
const io = new Server(server, { serveClient: false, maxHttpBufferSize: 80 * 1024, destroyUpgrade: false });
io.on("connection", (socket) => {
  const peer = { room: null, id: null, name: null, send: (m) => socket.emit("signal", m) };
  socket.on("signal", (m) => handle(peer, m));
  socket.on("disconnect", () => closed(peer));
});

// Raw WebSocket at /ws: one envelope per text frame.
const wss = new WebSocketServer({ noServer: true, maxPayload: 80 * 1024 });
server.on("upgrade", (req, socket, head) => {
  if (req.url === "/ws" || req.url.startsWith("/ws?")) {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws));
  }
});
wss.on("connection", (ws) => {
  const peer = { room: null, id: null, name: null, send: (m) => ws.send(JSON.stringify(m)) };
  ws.on("message", (data, isBinary) => {
    const text = isBinary ? null : data.toString();
    if (text === null || text.length > MAX_CHARS) return error(peer, null, isBinary ? "bad-message" : "too-large", "refused");
    let m;
    try {
      m = JSON.parse(text);
    } catch {
      return error(peer, null, "bad-message", "not JSON");
    }
    handle(peer, m);
  });
  ws.on("close", () => closed(peer));
});

server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log("PORT " + server.address().port);
});

// Watches only between a "gc" and the reducer, so that the load phases run without GC entries.
let reducerWatch = null;
function watchForReducer() {
  reducerWatch?.disconnect();
  reducerWatch = new PerformanceObserver((list) => {
    for (const gc of list.getEntries()) {
      const forced = (gc.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
      if (reducerWatch && gc.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR && !forced) {
        reducerWatch.disconnect();
        reducerWatch = null;
        const { heapTotal, heapUsed } = process.memoryUsage();
        console.log(`GC reduced heapTotal=${Math.round(heapTotal / 1024)} heapUsed=${Math.round(heapUsed / 1024)}`);
      }
    }
  });
  reducerWatch.observe({ entryTypes: ["gc"] });
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "gc" && global.gc) {
    global.gc();
    global.gc();
    watchForReducer();
    const { heapTotal, heapUsed } = process.memoryUsage();
    console.log(`GC done heapTotal=${Math.round(heapTotal / 1024)} heapUsed=${Math.round(heapUsed / 1024)}`);
  } else if (line === "quit") {
    process.exit(0);
  }
}).on("close", () => process.exit(0));
