package dev.callwire.samples.swing;

import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallStats;
import dev.callwire.CallwireException;
import dev.callwire.ConnectionState;
import dev.callwire.DataMessage;
import dev.callwire.EndReason;
import dev.callwire.FileOffer;
import dev.callwire.Peer;
import dev.callwire.ReceivedFile;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The room's events, delivered on the EDT, turned into what the views show. */
final class RoomEvents implements RoomListener {

    private static final Logger LOG = LoggerFactory.getLogger(RoomEvents.class);

    private final CallController c;

    RoomEvents(CallController controller) {
        this.c = controller;
    }

    private boolean current(Room r) {
        return c.room == null || c.room == r;
    }

    @Override
    public void onPeerJoined(Room r, Peer peer) {
        if (current(r) && c.phase == CallController.Phase.JOINED) {
            c.refreshPeers();
            if (c.grid.isEmpty()) {
                c.status(peer.label() + " joined. Pick them and press Call.", false);
            }
        }
    }

    @Override
    public void onPeerLeft(Room r, Peer peer) {
        if (current(r) && c.phase == CallController.Phase.JOINED) {
            c.refreshPeers();
        }
    }

    @Override
    public void onIncomingCall(Room r, CallSession session) {
        if (!current(r)) {
            return;
        }
        IncomingCallDialog dialog = new IncomingCallDialog(c.frame, session.peer().label(), () -> {
            stopRinging(session);
            c.show(session);
            try {
                session.accept();
                c.status("Talking with " + session.peer().label() + ".", false);
            } catch (IllegalStateException e) {
                c.grid.remove(session);
                c.status("The call from " + session.peer().label() + " is no longer ringing.", true);
            }
        }, () -> {
            stopRinging(session);
            try {
                session.decline();
            } catch (IllegalStateException e) {
                LOG.debug("Call {} no longer ringing: {}", session.id(), e.getMessage());
            }
        });
        c.ringing.put(session, dialog);
        c.ring.start();
        dialog.setVisible(true);
    }

    private void stopRinging(CallSession session) {
        IncomingCallDialog dialog = c.ringing.remove(session);
        if (dialog != null) {
            dialog.dismiss();
        }
        if (c.ringing.isEmpty()) {
            c.ring.stop();
        }
    }

    @Override
    public void onCallStateChanged(Room r, CallSession session, CallState state) {
        c.grid.showState(session, state);
        if (state == CallState.CONNECTED && c.grid.contains(session)) {
            c.status("Connected with " + session.peer().label() + ".", false);
        }
        if (state != CallState.RINGING) {
            stopRinging(session);
        }
    }

    @Override
    public void onCallEnded(Room r, CallSession session, EndReason reason) {
        boolean asked = c.ringing.containsKey(session);
        stopRinging(session);
        boolean shown = c.grid.contains(session);
        c.grid.remove(session);
        c.chats.ended(session, describe(reason));
        c.updateControls();
        if (shown || asked) {
            c.status("Call with " + session.peer().label() + " ended: " + describe(reason) + ".",
                    reason == EndReason.FAILED || reason == EndReason.TIMEOUT);
        }
    }

    @Override
    public void onCallStats(Room r, CallSession session, CallStats stats) {
        CallTile tile = c.grid.tile(session);
        if (tile != null) {
            tile.showStats(stats);
        }
    }

    @Override
    public void onActiveSpeakerChanged(Room r, Optional<Peer> speaker) {
        c.grid.highlightSpeaker(speaker.map(Peer::id));
    }

    @Override
    public void onDataMessage(Room r, CallSession session, DataMessage message) {
        c.chats.chat(session).received(message);
    }

    @Override
    public void onFileOffered(Room r, CallSession session, FileOffer offer) {
        c.chats.chat(session).offered(offer);
        c.status(session.peer().label() + " wants to send you " + offer.name() + " ("
                + TransferRow.human(offer.size()) + "): accept or decline it in the chat.", false);
    }

    @Override
    public void onFileReceived(Room r, CallSession session, ReceivedFile file) {
        c.chats.chat(session).received(file);
        c.status("Received " + file.name() + " from " + session.peer().label() + ", SHA-256 verified.", false);
    }

    @Override
    public void onScreenShareStarted(Room r, CallSession session) {
        c.grid.screenStarted(session);
        c.status(session.peer().label() + " is sharing their screen.", false);
    }

    @Override
    public void onScreenShareStopped(Room r, CallSession session) {
        c.grid.screenStopped(session);
    }

    @Override
    public void onConnectionStateChanged(Room r, ConnectionState state) {
        if (!current(r) || c.phase != CallController.Phase.JOINED) {
            return;
        }
        switch (state) {
            case RECONNECTING -> c.status("Signaling connection lost; reconnecting… (calls continue)", true);
            case CONNECTED -> c.status("Signaling connection restored.", false);
            case CLOSED -> c.leave("Left the room: the signaling connection closed.", true);
            default -> { }
        }
    }

    @Override
    public void onError(Room r, CallwireException error) {
        if (!current(r)) {
            return;
        }
        if (error.reason() == CallwireException.Reason.FILE_TRANSFER) {
            // Not tied to a call by the SDK; the message names the file, and only one file comes in per call.
            c.grid.sessions().forEach(s -> c.chats.chat(s).incomingFailedIfNamed(error.getMessage()));
        }
        c.status(error.getMessage(), true);
    }

    static String describe(EndReason reason) {
        return switch (reason) {
            case HANGUP -> "hung up";
            case DECLINED -> "declined";
            case BUSY -> "busy";
            case TIMEOUT -> "no answer or no connection in time";
            case FAILED -> "the media connection failed";
            case PEER_LEFT -> "they left the room";
            case LEFT_ROOM -> "you left the room";
        };
    }
}
