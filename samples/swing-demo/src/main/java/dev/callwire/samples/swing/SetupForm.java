package dev.callwire.samples.swing;

import dev.callwire.DeviceList;
import java.awt.Component;
import java.awt.FlowLayout;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JTextField;

/**
 * The top of the window: who (name), where (room), with what (camera, microphone, speaker), Start and Leave.
 * The device menus are filled from the SDK's device list and refilled when devices come and go; the choice made
 * survives a refill when its device is still there. EDT only.
 */
final class SetupForm extends JPanel {

    private static final long serialVersionUID = 1L;

    final JTextField nameField = new JTextField(10);
    final JTextField roomField = new JTextField(8);
    final JComboBox<DeviceChoice> videoSource = new JComboBox<>();
    final JComboBox<DeviceChoice> audioSource = new JComboBox<>();
    final JComboBox<String> speaker = new JComboBox<>();
    final JButton start = new JButton("Start");
    final JButton leave = new JButton("Leave");
    private boolean refilling;
    /** The choices the person made (or remembered from last time), kept while their device is unplugged. */
    private DeviceChoice wantedVideo;
    private DeviceChoice wantedAudio;
    private transient Runnable onDeviceChosen = () -> { };

    SetupForm(String name, String room, DeviceChoice video, DeviceChoice audio) {
        nameField.setName("nameField");
        nameField.setText(name == null ? "" : name);
        roomField.setName("roomField");
        roomField.setText(room);
        videoSource.setName("videoSource");
        videoSource.setRenderer(renderer(DeviceChoice::videoLabel));
        videoSource.setToolTipText("Automatic uses the first camera, or a moving test pattern when there is none");
        audioSource.setName("audioSource");
        audioSource.setRenderer(renderer(DeviceChoice::audioLabel));
        audioSource.setToolTipText("Automatic uses the default microphone, or a tone when there is none");
        speaker.setName("speaker");
        speaker.setEnabled(false);
        speaker.setToolTipText("The speakers the system reports; calls play on the system's default output");
        start.setName("start");
        start.setToolTipText("Join the room with camera and microphone on; others can then call you");
        leave.setName("leave");
        wantedVideo = video;
        wantedAudio = audio;
        fill(videoSource, DeviceChoice.menu(List.of()), video);
        fill(audioSource, DeviceChoice.menu(List.of()), audio);
        videoSource.addActionListener(e -> deviceChosen());
        audioSource.addActionListener(e -> deviceChosen());

        JPanel who = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        who.add(new JLabel("Name"));
        who.add(nameField);
        who.add(new JLabel("Room"));
        who.add(roomField);
        who.add(start);
        who.add(leave);
        JPanel media = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        media.add(new JLabel("Camera"));
        media.add(videoSource);
        media.add(Box.createHorizontalStrut(8));
        media.add(new JLabel("Microphone"));
        media.add(audioSource);
        media.add(Box.createHorizontalStrut(8));
        media.add(new JLabel("Speaker"));
        media.add(speaker);
        setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
        setBorder(BorderFactory.createEmptyBorder(4, 0, 0, 0));
        who.setAlignmentX(Component.LEFT_ALIGNMENT);
        media.setAlignmentX(Component.LEFT_ALIGNMENT);
        add(who);
        add(media);
    }

    /** Called after the person picked another camera or microphone (not after a refill). */
    void onDeviceChosen(Runnable action) {
        this.onDeviceChosen = Objects.requireNonNull(action);
    }

    /** Refills the menus; keeps each choice when its device is still present, else falls back to automatic. */
    void showDevices(DeviceList devices) {
        refilling = true;
        try {
            fill(videoSource, DeviceChoice.menu(devices.cameras()), wantedVideo);
            fill(audioSource, DeviceChoice.menu(devices.microphones()), wantedAudio);
            speaker.setModel(new DefaultComboBoxModel<>(devices.speakers().isEmpty()
                    ? new String[] {"System default"} : devices.speakers().toArray(String[]::new)));
        } finally {
            refilling = false;
        }
    }

    DeviceChoice videoChoice() {
        return (DeviceChoice) videoSource.getSelectedItem();
    }

    DeviceChoice audioChoice() {
        return (DeviceChoice) audioSource.getSelectedItem();
    }

    String displayName() {
        return nameField.getText().trim();
    }

    String room() {
        return roomField.getText().trim();
    }

    /** Name, room and Start only while idle; devices can change during a call too (switched live). */
    void enableFor(boolean idle, boolean joined) {
        nameField.setEnabled(idle);
        roomField.setEnabled(idle);
        start.setEnabled(idle);
        leave.setEnabled(joined);
    }

    private void deviceChosen() {
        if (!refilling) {
            wantedVideo = videoChoice();
            wantedAudio = audioChoice();
            onDeviceChosen.run();
        }
    }

    private static void fill(JComboBox<DeviceChoice> combo, List<DeviceChoice> items, DeviceChoice wanted) {
        DefaultComboBoxModel<DeviceChoice> model = new DefaultComboBoxModel<>(items.toArray(DeviceChoice[]::new));
        model.setSelectedItem(items.contains(wanted) ? wanted : DeviceChoice.AUTOMATIC);
        combo.setModel(model);
    }

    private static DefaultListCellRenderer renderer(Function<DeviceChoice, String> label) {
        return new DefaultListCellRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean selected,
                                                          boolean focus) {
                String text = value instanceof DeviceChoice c ? label.apply(c) : String.valueOf(value);
                return super.getListCellRendererComponent(list, text, index, selected, focus);
            }
        };
    }
}
