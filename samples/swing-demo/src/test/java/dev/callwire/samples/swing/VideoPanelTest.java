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

    /**
     * A frame of one flat colour. The SDK's frames convert YUV themselves (tested in the engine); the panel's
     * part is to show what {@link VideoFrame#toArgb} gives it, so this double hands out the colour directly.
     */
    private static VideoFrame flat(int width, int height, int argb) {
        return new VideoFrame() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public int rotation() {
                return 0;
            }

            @Override
            public long timestampNanos() {
                return 0;
            }

            @Override
            public ByteBuffer planeY() {
                throw new UnsupportedOperationException("the panel converts with toArgb");
            }

            @Override
            public ByteBuffer planeU() {
                throw new UnsupportedOperationException("the panel converts with toArgb");
            }

            @Override
            public ByteBuffer planeV() {
                throw new UnsupportedOperationException("the panel converts with toArgb");
            }

            @Override
            public int lumaAt(int x, int y) {
                throw new UnsupportedOperationException("the panel converts with toArgb");
            }

            @Override
            public void toArgb(int[] dst) {
                Arrays.fill(dst, 0, width * height, argb);
            }

            @Override
            public void toRgb(byte[] dst) {
                throw new UnsupportedOperationException("the panel converts with toArgb");
            }
        };
    }

    @Test
    void convertsFramesIntoTheNewestImage() {
        VideoPanel panel = new VideoPanel("nothing yet");
        assertThat(panel.snapshot()).isNull();

        panel.onFrame(flat(64, 48, 0xffffffff)); // white
        BufferedImage white = panel.snapshot();
        assertThat(white.getWidth()).isEqualTo(64);
        assertThat(white.getHeight()).isEqualTo(48);
        assertThat(white.getRGB(10, 10) & 0xffffff).isEqualTo(0xffffff);

        panel.onFrame(flat(64, 48, 0xfffe0000)); // red
        assertThat(panel.snapshot().getRGB(5, 5)).isEqualTo(0xfffe0000);
        assertThat(panel.frames()).isEqualTo(2);
    }

    @Test
    void reusesTwoImagesInSteadyStateAndReallocatesOnlyWhenTheSizeChanges() {
        VideoPanel panel = new VideoPanel("");
        VideoFrame small = flat(32, 24, 0xff767676);
        for (int i = 0; i < 50; i++) {
            panel.onFrame(small);
        }
        assertThat(panel.imageAllocations()).isEqualTo(2);

        VideoFrame larger = flat(64, 48, 0xff767676);
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
        panel.onFrame(flat(64, 48, 0xffffffff));

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
        panel.onFrame(flat(16, 16, 0xffffffff));
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
