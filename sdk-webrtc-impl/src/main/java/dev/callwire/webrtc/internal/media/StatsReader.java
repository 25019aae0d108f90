package dev.callwire.webrtc.internal.media;

import dev.callwire.CallStats;
import dev.callwire.CallStats.CandidateType;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Map;

/**
 * Turns libwebrtc's untyped stats report into {@link CallStats}. Keeps the previous byte and frame
 * counters of its call so bitrates and frame rates are measured over the time between two snapshots.
 * Confined to the engine thread.
 */
public final class StatsReader {

    private final Totals previous = new Totals();
    private long previousTimestampMicros;

    public CallStats read(RTCStatsReport report) {
        Totals now = new Totals();
        double rttMillis = Double.NaN;
        CandidateType candidateType = CandidateType.UNKNOWN;
        Map<String, RTCStats> all = report.getStats();
        RTCStats selectedPair = null;

        for (RTCStats stats : all.values()) {
            Map<String, Object> a = stats.getAttributes();
            RTCStatsType type = stats.getType();
            if (type == RTCStatsType.INBOUND_RTP) {
                Inbound in = isVideo(a) ? now.videoIn : now.audioIn;
                in.packets += number(a, "packetsReceived");
                in.lost += number(a, "packetsLost");
                in.bytes += number(a, "bytesReceived");
                in.frames += number(a, "framesDecoded");
                in.width = Math.max(in.width, (int) number(a, "frameWidth"));
                in.height = Math.max(in.height, (int) number(a, "frameHeight"));
                in.jitterMillis = Math.max(in.jitterMillis, decimal(a, "jitter") * 1000);
                in.audioLevel = Math.max(in.audioLevel, decimal(a, "audioLevel"));
            } else if (type == RTCStatsType.OUTBOUND_RTP) {
                Outbound out = isVideo(a) ? now.videoOut : now.audioOut;
                out.packets += number(a, "packetsSent");
                out.bytes += number(a, "bytesSent");
                out.frames += number(a, "framesEncoded");
                out.width = Math.max(out.width, (int) number(a, "frameWidth"));
                out.height = Math.max(out.height, (int) number(a, "frameHeight"));
            } else if (type == RTCStatsType.MEDIA_SOURCE && !isVideo(a)) {
                now.audioOut.audioLevel = Math.max(now.audioOut.audioLevel, decimal(a, "audioLevel"));
            } else if (type == RTCStatsType.TRANSPORT) {
                Object pairId = a.get("selectedCandidatePairId");
                if (pairId != null && all.get(pairId.toString()) != null) {
                    selectedPair = all.get(pairId.toString());
                }
            } else if (type == RTCStatsType.CANDIDATE_PAIR && selectedPair == null
                    && Boolean.TRUE.equals(a.get("nominated")) && "succeeded".equals(String.valueOf(a.get("state")))) {
                selectedPair = stats;
            }
        }
        if (selectedPair != null) {
            Map<String, Object> pair = selectedPair.getAttributes();
            if (pair.get("currentRoundTripTime") instanceof Number rtt) {
                rttMillis = rtt.doubleValue() * 1000;
            }
            Object localId = pair.get("localCandidateId");
            RTCStats local = localId == null ? null : all.get(localId.toString());
            if (local != null) {
                candidateType = candidateType(String.valueOf(local.getAttributes().get("candidateType")));
            }
        }

        long timestampMicros = report.getTimestamp();
        double seconds = previousTimestampMicros == 0 ? 0 : (timestampMicros - previousTimestampMicros) / 1e6;
        CallStats result = new CallStats(System.currentTimeMillis(),
                now.videoIn.toStats(previous.videoIn, seconds), now.videoOut.toStats(previous.videoOut, seconds),
                now.audioIn.toStats(previous.audioIn, seconds), now.audioOut.toStats(previous.audioOut, seconds),
                rttMillis, candidateType, 0, -1);
        previous.copyFrom(now);
        previousTimestampMicros = timestampMicros;
        return result;
    }

    static CandidateType candidateType(String name) {
        switch (name) {
            case "host":
                return CandidateType.HOST;
            case "srflx":
                return CandidateType.SRFLX;
            case "prflx":
                return CandidateType.PRFLX;
            case "relay":
                return CandidateType.RELAY;
            default:
                return CandidateType.UNKNOWN;
        }
    }

    private static boolean isVideo(Map<String, Object> a) {
        Object kind = a.getOrDefault("kind", a.get("mediaType"));
        return "video".equals(String.valueOf(kind));
    }

    private static long number(Map<String, Object> a, String key) {
        return a.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static double decimal(Map<String, Object> a, String key) {
        return a.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    private static long bitrate(long bytesNow, long bytesBefore, double seconds) {
        return seconds <= 0 ? 0 : Math.round(Math.max(0, bytesNow - bytesBefore) * 8 / seconds);
    }

    private static double rate(long framesNow, long framesBefore, double seconds) {
        return seconds <= 0 ? 0 : Math.max(0, framesNow - framesBefore) / seconds;
    }

    private static final class Inbound {
        long packets;
        long lost;
        long bytes;
        long frames;
        int width;
        int height;
        double jitterMillis;
        double audioLevel;

        CallStats.Inbound toStats(Inbound before, double seconds) {
            return new CallStats.Inbound(packets, lost, bytes, bitrate(bytes, before.bytes, seconds), frames, width,
                    height, rate(frames, before.frames, seconds), jitterMillis, audioLevel);
        }
    }

    private static final class Outbound {
        long packets;
        long bytes;
        long frames;
        int width;
        int height;
        double audioLevel;

        CallStats.Outbound toStats(Outbound before, double seconds) {
            return new CallStats.Outbound(packets, bytes, bitrate(bytes, before.bytes, seconds), frames, width, height,
                    rate(frames, before.frames, seconds), audioLevel);
        }
    }

    private static final class Totals {
        Inbound videoIn = new Inbound();
        Inbound audioIn = new Inbound();
        Outbound videoOut = new Outbound();
        Outbound audioOut = new Outbound();

        void copyFrom(Totals other) {
            videoIn = other.videoIn;
            audioIn = other.audioIn;
            videoOut = other.videoOut;
            audioOut = other.audioOut;
        }
    }
}
