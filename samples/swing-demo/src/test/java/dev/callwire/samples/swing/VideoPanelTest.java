package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.media.VideoFrame;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The renderer without a display: conversion, double buffering, letterboxed painting. */
class VideoPanelTest {

    /** A frame of one flat colour given in limited-range YUV. */
    private static VideoFrame flat(int width, int height, int y, int u, int v) {
        byte[] luma = new byte[width * height];
        byte[] cb = new byte[((width + 1) / 2) * ((height + 1) / 2)];
        byte[] cr = new byte[cb.length];
        Arrays.fill(luma, (byte) y);
        Arrays.fill(cb, (byte) u);
        Arrays.fill(cr, (byte) v);
        VideoFrame frame = new VideoFrame();
        frame.fill(width, height, 0, 0, ByteBuffer.wrap(luma), width, ByteBuffer.wrap(cb), (width + 1) / 2,
                ByteBuffer.wrap(cr), (width + 1) / 2);
        return frame;
    }

    @Test
    void convertsFramesIntoTheNewestImage() {
        VideoPanel panel = new VideoPanel("nothing yet");
        assertThat(panel.snapshot()).isNull();

        panel.onFrame(flat(64, 48, 235, 128, 128)); // white
        BufferedImage white = panel.snapshot();
        assertThat(white.getWidth()).isEqualTo(64);
        assertThat(white.getHeight()).isEqualTo(48);
        assertThat(white.getRGB(10, 10) & 0xffffff).isEqualTo(0xffffff);

        panel.onFrame(flat(64, 48, 81, 90, 240)); // red
        int red = panel.snapshot().getRGB(5, 5);
        assertThat((red >> 16) & 0xff).isGreaterThan(230);
        assertThat((red >> 8) & 0xff).isLessThan(30);
        assertThat(panel.frames()).isEqualTo(2);
    }

    @Test
    void reusesTwoImagesInSteadyStateAndReallocatesOnlyWhenTheSizeChanges() {
        VideoPanel panel = new VideoPanel("");
        VideoFrame small = flat(32, 24, 120, 128, 128);
        for (int i = 0; i < 50; i++) {
            panel.onFrame(small);
        }
        assertThat(panel.imageAllocations()).isEqualTo(2);

        VideoFrame larger = flat(64, 48, 120, 128, 128);
        for (int i = 0; i < 50; i++) {
            panel.onFrame(larger);
        }
        assertThat(panel.imageAllocations()).isEqualTo(4);
        assertThat(panel.snapshot().getWidth()).isEqualTo(64);
    }

    @Test
    void paintsLetterboxedKeepingTheAspectRatio() {
        VideoPanel panel = new VideoPanel("");
        panel.setSize(400, 100); // much wider than 4:3: black bars left and right
        panel.onFrame(flat(64, 48, 235, 128, 128));

        BufferedImage canvas = new BufferedImage(400, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        panel.paint(g);
        g.dispose();

        // The picture is 100 high, so 133 wide, centred: x from 133 to 266.
        assertThat(canvas.getRGB(200, 50) & 0xffffff).as("centre shows the picture").isEqualTo(0xffffff);
        assertThat(canvas.getRGB(140, 50) & 0xffffff).as("inside the left edge").isEqualTo(0xffffff);
        assertThat(canvas.getRGB(20, 50) & 0xffffff).as("left bar").isZero();
        assertThat(canvas.getRGB(380, 50) & 0xffffff).as("right bar").isZero();
    }

    @Test
    void clearDropsThePicture() {
        VideoPanel panel = new VideoPanel("");
        panel.onFrame(flat(16, 16, 235, 128, 128));
        panel.clear("call ended");
        assertThat(panel.snapshot()).isNull();

        BufferedImage canvas = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        panel.setSize(100, 100);
        panel.paint(g);
        g.dispose();
        assertThat(canvas.getRGB(2, 2) & 0xffffff).isZero();
    }
}
