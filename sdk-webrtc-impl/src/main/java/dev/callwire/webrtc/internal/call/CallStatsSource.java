package dev.callwire.webrtc.internal.call;

import dev.callwire.CallSession;
import dev.callwire.CallStats;
import dev.callwire.CallwireException;
import dev.callwire.webrtc.internal.EngineContext;
import dev.callwire.webrtc.internal.media.StatsReader;
import dev.onvoid.webrtc.RTCPeerConnection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A call's statistics: snapshots the application asks for, and the periodic rounds that feed
 * {@code onCallStats} and the active-speaker judgement. Rates are measured between two snapshots of the
 * same reader, so the two kinds use separate readers and never shorten each other's windows. Engine thread.
 */
final class CallStatsSource {

    private final StatsReader onDemand = new StatsReader();
    private final StatsReader periodic = new StatsReader();
    private final PeerCall call;
    private final EngineContext context;
    private final CallHost host;
    private double remoteAudioLevel;

    CallStatsSource(PeerCall call, EngineContext context, CallHost host) {
        this.call = call;
        this.context = context;
        this.host = host;
    }

    /** Completes {@code result} on the event thread; a call not answered yet reports that nothing flows. */
    void readOnDemand(RTCPeerConnection pc, CompletableFuture<CallStats> result) {
        if (pc == null && !call.isEnded()) {
            CallStats none = new CallStats(System.currentTimeMillis(), CallStats.Inbound.NONE,
                    CallStats.Outbound.NONE, CallStats.Inbound.NONE, CallStats.Outbound.NONE, Double.NaN,
                    CallStats.CandidateType.UNKNOWN, call.iceRestarts(), call.lastRecoveredMillis());
            context.completeOnEvents(() -> result.complete(none));
            return;
        }
        read(onDemand, pc, snapshot -> context.completeOnEvents(() -> result.complete(snapshot)),
                () -> context.completeOnEvents(() -> result.completeExceptionally(new CallwireException(
                        CallwireException.Reason.CALL_ENDED, "call " + call.id() + " has ended"))));
    }

    /** One periodic round: reported to the listeners, and the received level kept for the speaker. */
    void readPeriodic(RTCPeerConnection pc) {
        read(periodic, pc, snapshot -> {
            remoteAudioLevel = snapshot.audioIn().audioLevel();
            CallSession session = call;
            host.fire(l -> l.onCallStats(host.room(), session, snapshot));
            host.audioLevelsChanged();
        }, () -> { });
    }

    /** Level (0-1) of the audio received in the last periodic round. */
    double remoteAudioLevel() {
        return remoteAudioLevel;
    }

    private CallStats withRecovery(CallStats s) {
        return new CallStats(s.timestampMillis(), s.videoIn(), s.videoOut(), s.audioIn(), s.audioOut(),
                s.roundTripTimeMillis(), s.candidateType(), call.iceRestarts(), call.lastRecoveredMillis());
    }

    private void read(StatsReader reader, RTCPeerConnection pc, Consumer<CallStats> onStats, Runnable onEnded) {
        if (pc == null || call.isEnded()) {
            onEnded.run();
            return;
        }
        pc.getStats(report -> context.runOnEngine(() -> {
            if (call.isEnded()) {
                onEnded.run();
                return;
            }
            onStats.accept(withRecovery(reader.read(report)));
        }));
    }
}
