package dev.callwire.samples.swing;

import dev.callwire.CallSession;
import dev.callwire.DataMessage;
import dev.callwire.FileOffer;
import dev.callwire.ReceivedFile;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.datatransfer.DataFlavor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.TransferHandler;

/**
 * The chat of one call, over its data channel: a transcript, a line to type in, and files (a button or a file
 * dropped anywhere on the panel). Text goes as plain UTF-8 text messages on the {@code callwire-data} channel,
 * so the browser client and any other peer can read it; files use the SDK's file transfer, which asks the
 * receiver first and verifies size and SHA-256. Received files are moved to the downloads folder. EDT only;
 * file moves run on {@code io}.
 */
final class ChatPanel extends JPanel {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final transient CallSession session;
    private final transient Path downloads;
    private final transient Executor io;
    private final JTextArea transcript = new JTextArea(10, 24);
    private final JTextField input = new JTextField();
    private final JButton send = new JButton("Send");
    private final JButton sendFile = new JButton("File…");
    private final JPanel transfers = new JPanel();
    private transient TransferRow incoming;
    private boolean ended;

    ChatPanel(CallSession session, Path downloads, Executor io) {
        super(new BorderLayout(4, 4));
        this.session = session;
        this.downloads = downloads;
        this.io = io;
        String id = session.peer().id();
        setName("chat-" + id);
        transcript.setName("chatLog-" + id);
        transcript.setEditable(false);
        transcript.setLineWrap(true);
        transcript.setWrapStyleWord(true);
        input.setName("chatInput-" + id);
        send.setName("chatSend-" + id);
        sendFile.setName("sendFile-" + id);
        sendFile.setToolTipText("Send a file (or drop one on the chat); the other side is asked to accept it");
        transfers.setName("transfers-" + id);
        transfers.setLayout(new BoxLayout(transfers, BoxLayout.Y_AXIS));
        input.addActionListener(e -> sendText());
        send.addActionListener(e -> sendText());
        sendFile.addActionListener(e -> chooseFile());

        JPanel line = new JPanel(new BorderLayout(4, 0));
        line.add(input, BorderLayout.CENTER);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 2, 0));
        buttons.add(send);
        buttons.add(sendFile);
        line.add(buttons, BorderLayout.EAST);
        JPanel south = new JPanel(new BorderLayout(0, 4));
        south.add(transfers, BorderLayout.CENTER);
        south.add(line, BorderLayout.SOUTH);
        setBorder(BorderFactory.createEmptyBorder(4, 4, 4, 4));
        add(new JScrollPane(transcript), BorderLayout.CENTER);
        add(south, BorderLayout.SOUTH);
        setTransferHandler(new FileDrop());
        transcript.setTransferHandler(getTransferHandler());
        note("Chat with " + session.peer().label() + ". Drop a file here to send it.");
    }

    String transcriptText() {
        return transcript.getText();
    }

    /** Sends what was typed; when the channel is not open yet (or full), sends it once it can. */
    void sendText() {
        String text = input.getText();
        if (text.isBlank() || ended) {
            return;
        }
        input.setText("");
        if (session.data().send(text)) {
            line("You", text);
            return;
        }
        note("(waiting for the data channel…)");
        session.data().writable().whenComplete((ok, error) -> {
            if (error == null && session.data().send(text)) {
                line("You", text);
            } else {
                note("Not sent: " + (error == null ? "the data channel refused it" : HeadlessLoopback.describe(error)));
            }
        });
    }

    /** Offers {@code file} to the other side; the row follows the transfer to the receiver's verdict. */
    void sendFile(Path file) {
        if (ended) {
            return;
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            note("Cannot read " + file + ": " + e.getMessage());
            return;
        }
        TransferRow row = addRow(new TransferRow(true, file.getFileName().toString(), size));
        session.data().sendFile(file).whenComplete((id, error) -> {
            if (error == null) {
                row.verified("by " + session.peer().label());
            } else {
                row.failed(HeadlessLoopback.describe(error));
            }
        });
    }

    void received(DataMessage message) {
        if (message instanceof DataMessage.Text text) {
            line(session.peer().label(), text.text());
        } else {
            note(session.peer().label() + " sent " + message.size() + " bytes of binary data");
        }
    }

    void offered(FileOffer offer) {
        TransferRow row = addRow(new TransferRow(false, offer.name(), offer.size()));
        incoming = row;
        row.ask(offer::accept, () -> offer.refuse("declined by the person"));
    }

    /** The offered file arrived verified: it moves to the downloads folder, then the row says where. */
    void received(ReceivedFile file) {
        TransferRow row = incoming != null && incoming.fileName().equals(file.name()) ? incoming
                : addRow(new TransferRow(false, file.name(), file.size()));
        incoming = null;
        CompletableFuture.supplyAsync(() -> store(file), io).whenCompleteAsync((path, error) -> {
            String sha = "SHA-256 " + file.sha256().substring(0, 12) + "…";
            if (error == null) {
                row.verified(sha + " · saved to " + path);
            } else {
                row.verified(sha + " · kept at " + file.path() + " (" + HeadlessLoopback.describe(error) + ")");
            }
        }, SwingUtilities::invokeLater);
    }

    /** An accepted incoming file did not arrive intact (the SDK deleted it), if the message names ours. */
    void incomingFailedIfNamed(String message) {
        if (incoming != null && message.contains(incoming.fileName())) {
            incoming.failed(message);
            incoming = null;
        }
    }

    void ended(String why) {
        ended = true;
        input.setEnabled(false);
        send.setEnabled(false);
        sendFile.setEnabled(false);
        note("Call ended: " + why + ".");
    }

    private Path store(ReceivedFile file) {
        try {
            Files.createDirectories(downloads);
            Path target = downloads.resolve(file.name());
            for (int n = 1; Files.exists(target); n++) {
                target = downloads.resolve(numbered(file.name(), n));
            }
            try {
                return Files.move(file.path(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                return Files.move(file.path(), target); // another file system: copied, then deleted
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot) : name + " (" + n + ")";
    }

    private TransferRow addRow(TransferRow row) {
        transfers.add(row);
        transfers.revalidate();
        transfers.repaint();
        return row;
    }

    private void chooseFile() {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Send a file to " + session.peer().label());
        if (chooser.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            sendFile(chooser.getSelectedFile().toPath());
        }
    }

    private void line(String who, String text) {
        transcript.append("[" + LocalTime.now().format(TIME) + "] " + who + ": " + text + "\n");
        transcript.setCaretPosition(transcript.getDocument().getLength());
    }

    private void note(String text) {
        transcript.append("· " + text + "\n");
    }

    /** Files dropped on the chat are sent, each in turn. */
    private final class FileDrop extends TransferHandler {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean canImport(TransferSupport support) {
            return !ended && support.isDataFlavorSupported(DataFlavor.javaFileListFlavor);
        }

        @Override
        public boolean importData(TransferSupport support) {
            if (!canImport(support)) {
                return false;
            }
            try {
                @SuppressWarnings("unchecked")
                List<File> files = (List<File>) support.getTransferable().getTransferData(DataFlavor.javaFileListFlavor);
                files.stream().filter(File::isFile).forEach(f -> sendFile(f.toPath()));
                return true;
            } catch (java.awt.datatransfer.UnsupportedFlavorException | IOException e) {
                note("The dropped item could not be read: " + e.getMessage());
                return false;
            }
        }
    }

    JComponent transfersPanel() {
        return transfers;
    }
}
