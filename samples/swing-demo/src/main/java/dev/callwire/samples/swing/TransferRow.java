package dev.callwire.samples.swing;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;

/**
 * One file transfer in a chat: name and size, a progress bar, the outcome (with a check mark once the receiver
 * verified size and SHA-256), and Accept / Decline while an incoming file waits for the person's decision.
 *
 * <p>The SDK reports a transfer's end, not its progress, so the bar runs indeterminate from the decision to the
 * verified end; see the report on {@code CallData.sendFile}.
 */
final class TransferRow extends JPanel {

    private static final long serialVersionUID = 1L;
    static final String VERIFIED = "✔ verified";

    private final JLabel title = new JLabel();
    private final JLabel status = new JLabel();
    private final JProgressBar progress = new JProgressBar(0, 100);
    private final JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 2, 0));
    private final String fileName;
    private boolean done;

    TransferRow(boolean outgoing, String name, long size) {
        super(new BorderLayout(4, 2));
        this.fileName = name;
        setName("transfer-" + name);
        progress.setName("progress-" + name);
        status.setName("transferStatus-" + name);
        title.setText((outgoing ? "↑ " : "↓ ") + name + " (" + human(size) + ")");
        setBorder(BorderFactory.createEmptyBorder(3, 4, 3, 4));
        JPanel top = new JPanel(new BorderLayout());
        top.add(title, BorderLayout.CENTER);
        top.add(buttons, BorderLayout.EAST);
        add(top, BorderLayout.NORTH);
        add(progress, BorderLayout.CENTER);
        add(status, BorderLayout.SOUTH);
        progress.setStringPainted(false);
        status(outgoing ? "waiting for " + "the other side to accept…" : "offered to you", false);
    }

    String fileName() {
        return fileName;
    }

    boolean isDone() {
        return done;
    }

    String statusText() {
        return status.getText();
    }

    /** Accept / Decline for an incoming offer. */
    void ask(Runnable accept, Runnable decline) {
        JButton yes = new JButton("Accept");
        yes.setName("acceptFile-" + fileName);
        JButton no = new JButton("Decline");
        no.setName("refuseFile-" + fileName);
        yes.addActionListener(e -> {
            clearButtons();
            running("receiving…");
            accept.run();
        });
        no.addActionListener(e -> {
            clearButtons();
            failed("you declined it");
            decline.run();
        });
        buttons.add(yes);
        buttons.add(no);
    }

    void running(String text) {
        progress.setIndeterminate(true);
        status(text, false);
    }

    /** @param detail e.g. "by the receiver" or "SHA-256 ab12… · saved to /path" */
    void verified(String detail) {
        done = true;
        clearButtons();
        progress.setIndeterminate(false);
        progress.setValue(100);
        status(VERIFIED + " " + detail, false);
    }

    void failed(String why) {
        done = true;
        clearButtons();
        progress.setIndeterminate(false);
        progress.setValue(0);
        status("✘ " + why, true);
    }

    private void clearButtons() {
        buttons.removeAll();
        buttons.revalidate();
        buttons.repaint();
    }

    private void status(String text, boolean error) {
        status.setText(text);
        status.setForeground(error ? new Color(0xC62828) : null);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
