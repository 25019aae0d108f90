#!/bin/sh
# Writes samples/call-bot/target/call-bot.jsa and call-bot-answer.jsa, AppCDS archives of the classes a call
# loads, so that a fresh call-bot process maps them instead of reading, verifying and linking them from the jar:
#
#   ./mvnw -B -ntp -pl samples/call-bot,signaling-server -am package -DskipTests
#   samples/call-bot/make-cds-archive.sh
#   java -XX:SharedArchiveFile=samples/call-bot/target/call-bot.jsa -jar samples/call-bot/target/call-bot.jar ...
#   (a bot that answers, --answer: -XX:SharedArchiveFile=samples/call-bot/target/call-bot-answer.jsa)
#
# How: one training call on 127.0.0.1 (the project's signaling server from signaling-server/target, an answering
# bot and a calling bot, each writing its archive as it exits, -XX:ArchiveClassesAtExit, JDK 13+). One archive per
# role because a process archives only the classes it loaded: the caller's lacks the answering path, which the
# cold benchmark measured as a slower first call for a callee given the caller's archive. The archive
# fits only the jar and the JDK it was made with: re-run this after rebuilding either. A JVM given a stale or
# missing archive warns and starts without it (use -Xshare:on to make that an error instead).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bot="$here/target/call-bot.jar"
server_jar="$root/signaling-server/target/signaling-server.jar"
archive="${1:-$here/target/call-bot.jsa}"
answer_archive="${2:-$here/target/call-bot-answer.jsa}"
port="${CDS_PORT:-18473}"
java="${JAVA:-java}"
for f in "$bot" "$server_jar"; do
  [ -f "$f" ] || { echo "missing $f: build it first (see the top of this script)" >&2; exit 2; }
done
work=$(mktemp -d)
cleanup() {
  for pid in ${callee:-} ${server:-}; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$java" -jar "$server_jar" --port "$port" >"$work/server.log" 2>&1 &
server=$!
tries=0
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 300 ] || { echo "the signaling server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
  kill -0 "$server" 2>/dev/null || { echo "the signaling server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
room="cds-training-$$"
rm -f "$archive" "$answer_archive"
"$java" -XX:ArchiveClassesAtExit="$answer_archive" -jar "$bot" --signaling "ws://127.0.0.1:$port/ws" --room "$room" --name answerer --answer \
    --duration 60 --until-calls-end >"$work/callee.log" 2>&1 &
callee=$!
# --duration bounds the training call; the caller exits normally, which is when the archive is written.
"$java" -XX:ArchiveClassesAtExit="$archive" -jar "$bot" --signaling "ws://127.0.0.1:$port/ws" --room "$room" \
    --name trainer --call first --duration 5 --until-calls-end --video 640x480@30 >"$work/caller.log" 2>&1 || {
  echo "the training call failed:" >&2; cat "$work/caller.log" >&2; exit 1; }
[ -f "$archive" ] || { echo "no archive written:" >&2; cat "$work/caller.log" >&2; exit 1; }
# The answering bot exits by itself once its call ended (--until-calls-end), writing its archive as it goes.
tries=0
while kill -0 "$callee" 2>/dev/null; do
  tries=$((tries + 1))
  [ "$tries" -lt 600 ] || { echo "the answering bot did not exit:" >&2; cat "$work/callee.log" >&2; exit 1; }
  sleep 0.1
done
callee=
[ -f "$answer_archive" ] || { echo "no answering archive written:" >&2; cat "$work/callee.log" >&2; exit 1; }
for a in "$archive" "$answer_archive"; do
  "$java" -Xshare:on -XX:SharedArchiveFile="$a" -cp "$bot" -version >/dev/null 2>&1 || {
    echo "$a does not map into this JVM" >&2; exit 1; }
  echo "wrote $a ($(du -k "$a" | cut -f1) KiB)"
done
