package dev.callwire.samples.swing;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.Frame;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.WindowConstants;

/**
 * "X is calling": Accept or Decline. Not modal, so the window keeps updating while it rings, and several
 * calls (a mesh) can ring at once. Closing it declines.
 */
final class IncomingCallDialog extends JDialog {

    private static final long serialVersionUID = 1L;

    private transient Runnable onAccept;
    private transient Runnable onDecline;

    IncomingCallDialog(Frame owner, String caller, Runnable onAccept, Runnable onDecline) {
        super(owner, "Incoming call", false);
        this.onAccept = onAccept;
        this.onDecline = onDecline;
        setName("incomingCall");
        JLabel message = new JLabel(caller + " is calling you.");
        message.setBorder(BorderFactory.createEmptyBorder(16, 24, 8, 24));
        JButton accept = new JButton("Accept");
        accept.setName("accept");
        accept.addActionListener(e -> answer(true));
        JButton decline = new JButton("Decline");
        decline.setName("decline");
        decline.addActionListener(e -> answer(false));
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.CENTER));
        buttons.add(accept);
        buttons.add(decline);
        getContentPane().add(message, BorderLayout.CENTER);
        getContentPane().add(buttons, BorderLayout.SOUTH);
        getRootPane().setDefaultButton(accept);
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                answer(false);
            }
        });
        pack();
        setLocationRelativeTo(owner);
    }

    private void answer(boolean accepted) {
        Runnable action = accepted ? onAccept : onDecline;
        dismiss();
        if (action != null) {
            action.run();
        }
    }

    /** Closes without answering (the call stopped ringing on its own). */
    void dismiss() {
        onAccept = null;
        onDecline = null;
        dispose();
    }
}
