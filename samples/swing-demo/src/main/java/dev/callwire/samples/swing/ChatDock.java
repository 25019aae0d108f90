package dev.callwire.samples.swing;

import dev.callwire.CallSession;
import java.awt.Dimension;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.swing.JTabbedPane;

/**
 * The right side: one chat tab per call (see {@link ChatPanel}). A call's tab stays after it ends, greyed, so the
 * conversation can still be read, until the next call with that person replaces it. EDT only.
 */
final class ChatDock extends JTabbedPane {

    private static final long serialVersionUID = 1L;

    private final transient Path downloads;
    private final transient Executor io;
    private final Map<CallSession, ChatPanel> chats = new LinkedHashMap<>();

    ChatDock(Path downloads, Executor io) {
        this.downloads = downloads;
        this.io = io;
        setName("chatTabs");
        setPreferredSize(new Dimension(300, 400));
    }

    /** The call's chat, made (and shown) the first time it is asked for. */
    ChatPanel chat(CallSession session) {
        ChatPanel chat = chats.get(session);
        if (chat != null) {
            return chat;
        }
        chats.entrySet().removeIf(e -> {
            boolean samePeer = e.getKey().peer().id().equals(session.peer().id());
            if (samePeer) {
                remove(e.getValue());
            }
            return samePeer;
        });
        chat = new ChatPanel(session, downloads, io);
        chats.put(session, chat);
        addTab(session.peer().label(), chat);
        setSelectedComponent(chat);
        return chat;
    }

    /** The chat of an ended call stays readable; nothing more can be sent from it. */
    void ended(CallSession session, String why) {
        ChatPanel chat = chats.get(session);
        if (chat != null) {
            chat.ended(why);
            int index = indexOfComponent(chat);
            if (index >= 0) {
                setTitleAt(index, session.peer().label() + " (ended)");
            }
        }
    }

    /** Leaving the room clears every chat. */
    void clear() {
        chats.clear();
        removeAll();
    }
}
