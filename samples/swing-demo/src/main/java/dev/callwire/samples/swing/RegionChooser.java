package dev.callwire.samples.swing;

import java.awt.GraphicsEnvironment;
import java.awt.GridLayout;
import java.awt.Rectangle;
import java.awt.Window;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.SpinnerNumberModel;

/**
 * Asks which rectangle of the screen to share: left, top, width and height, starting from the demo window's
 * own bounds (the most likely wish: "show them this window").
 */
final class RegionChooser {

    private RegionChooser() {
    }

    /** @return the region, clipped to the default screen, or {@code null} when cancelled */
    static Rectangle ask(Window owner) {
        Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice()
                .getDefaultConfiguration().getBounds();
        Rectangle start = owner.getBounds().intersection(screen);
        if (start.isEmpty()) {
            start = new Rectangle(0, 0, screen.width / 2, screen.height / 2);
        }
        JSpinner x = spinner(start.x, screen.width - 2);
        JSpinner y = spinner(start.y, screen.height - 2);
        JSpinner w = spinner(start.width, screen.width);
        JSpinner h = spinner(start.height, screen.height);
        JPanel form = new JPanel(new GridLayout(4, 2, 6, 4));
        form.add(new JLabel("Left"));
        form.add(x);
        form.add(new JLabel("Top"));
        form.add(y);
        form.add(new JLabel("Width"));
        form.add(w);
        form.add(new JLabel("Height"));
        form.add(h);
        int answer = JOptionPane.showConfirmDialog(owner, form, "Share a region of the screen",
                JOptionPane.OK_CANCEL_OPTION, JOptionPane.PLAIN_MESSAGE);
        if (answer != JOptionPane.OK_OPTION) {
            return null;
        }
        Rectangle chosen = new Rectangle((Integer) x.getValue(), (Integer) y.getValue(), (Integer) w.getValue(),
                (Integer) h.getValue()).intersection(screen);
        return chosen.width >= 2 && chosen.height >= 2 ? chosen : null;
    }

    private static JSpinner spinner(int value, int max) {
        int top = Math.max(2, max);
        return new JSpinner(new SpinnerNumberModel(Math.max(0, Math.min(value, top)), 0, top, 1));
    }
}
