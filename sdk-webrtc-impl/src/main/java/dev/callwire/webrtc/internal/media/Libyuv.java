package dev.callwire.webrtc.internal.media;

import dev.onvoid.webrtc.media.FourCC;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoBufferConverter;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libyuv as webrtc-java ships it: I420 to ARGB, and I420 scaling, both into buffers the caller reuses.
 *
 * <p>webrtc-java's public entry points ({@link VideoBufferConverter#convertFromI420} and
 * {@link NativeI420Buffer#cropAndScale}) slice every plane on each call, and scaling allocates a new native
 * buffer per frame. The natives behind them take plain direct buffers and write where they are told. Where
 * this module may reach them (the class path, or the module path with {@code dev.onvoid.webrtc.media.video}
 * opened to it) {@link #get()} calls them directly, so a frame is scaled and converted without a single Java
 * allocation; elsewhere {@link #publicApi()} does the same work through the public methods, which costs a
 * few small objects per frame. Both produce the same pixels (tested), and the signatures are checked once, at
 * start, so a webrtc-java that changed them falls back instead of failing.
 *
 * <p>ARGB here is libyuv's: bytes B, G, R, A in memory, that is {@code 0xAARRGGBB} read as a little-endian
 * int.
 */
abstract class Libyuv {

    private static final Logger LOG = LoggerFactory.getLogger(Libyuv.class);

    /** Decided once per JVM; callers must have loaded the native library (the engine does at start). */
    static Libyuv get() {
        return Best.INSTANCE;
    }

    /** The public webrtc-java methods only: the fallback, and a reference in tests. */
    static Libyuv publicApi() {
        return PublicApi.INSTANCE;
    }

    /** {@code true} when conversion and scaling allocate nothing on the Java heap. */
    abstract boolean allocationFree();

    /**
     * Converts the whole of {@code src} into {@code dst}, 4 bytes per pixel from the buffer's base address
     * (position and limit are ignored and unchanged).
     *
     * @param src I420 planes in direct buffers
     * @param dst a writable direct buffer of at least {@code 4 * width * height} bytes
     */
    abstract void toArgb(I420Buffer src, ByteBuffer dst);

    /** Scales (box filter) the whole of {@code src} to the size of {@code dst}. */
    abstract void scale(I420Buffer src, NativeI420Buffer dst);

    private static final class Best {
        static final Libyuv INSTANCE = Direct.AVAILABLE ? new Direct() : PublicApi.INSTANCE;

        static {
            LOG.debug("libyuv through {}", INSTANCE.allocationFree() ? "webrtc-java's natives directly"
                    : "webrtc-java's public converter (a few small objects per frame): " + Direct.WHY_NOT);
        }
    }

    private static final class PublicApi extends Libyuv {
        static final PublicApi INSTANCE = new PublicApi();

        @Override
        boolean allocationFree() {
            return false;
        }

        @Override
        void toArgb(I420Buffer src, ByteBuffer dst) {
            try {
                VideoBufferConverter.convertFromI420(src, dst, FourCC.ARGB);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("libyuv conversion failed: " + e.getMessage(), e);
            }
        }

        @Override
        void scale(I420Buffer src, NativeI420Buffer dst) {
            VideoFrameBuffer scaled = src.cropAndScale(0, 0, src.getWidth(), src.getHeight(), dst.getWidth(),
                    dst.getHeight());
            try {
                I420Buffer i420 = scaled.toI420();
                copyPlane(i420.getDataY(), i420.getStrideY(), dst.getDataY(), dst.getStrideY(), dst.getWidth(),
                        dst.getHeight());
                int cw = (dst.getWidth() + 1) / 2;
                int ch = (dst.getHeight() + 1) / 2;
                copyPlane(i420.getDataU(), i420.getStrideU(), dst.getDataU(), dst.getStrideU(), cw, ch);
                copyPlane(i420.getDataV(), i420.getStrideV(), dst.getDataV(), dst.getStrideV(), cw, ch);
            } finally {
                scaled.release();
            }
        }

        private static void copyPlane(ByteBuffer src, int srcStride, ByteBuffer dst, int dstStride, int row,
                                      int rows) {
            for (int r = 0; r < rows; r++) {
                dst.put(r * dstStride, src, r * srcStride, row);
            }
        }
    }

    /** webrtc-java's private natives, called through constant method handles (inlined by the JIT). */
    private static final class Direct extends Libyuv {
        private static final MethodHandle CONVERT;
        private static final MethodHandle SCALE;
        private static final VarHandle Y;
        private static final VarHandle U;
        private static final VarHandle V;
        private static final int FOURCC_ARGB = FourCC.ARGB.value();
        static final boolean AVAILABLE;
        static final String WHY_NOT;

        static {
            MethodHandle convert = null;
            MethodHandle scale = null;
            VarHandle y = null;
            VarHandle u = null;
            VarHandle v = null;
            String whyNot = null;
            try {
                Class<ByteBuffer> bb = ByteBuffer.class;
                Class<Integer> i = int.class;
                MethodHandles.Lookup converter = MethodHandles.privateLookupIn(VideoBufferConverter.class,
                        MethodHandles.lookup());
                convert = converter.findStatic(VideoBufferConverter.class, "I420toDirectBuffer", MethodType.methodType(
                        void.class, new Class<?>[] {bb, i, bb, i, bb, i, bb, i, i, i}));
                MethodHandles.Lookup buffers = MethodHandles.privateLookupIn(NativeI420Buffer.class,
                        MethodHandles.lookup());
                scale = buffers.findStatic(NativeI420Buffer.class, "cropAndScale", MethodType.methodType(void.class,
                        new Class<?>[] {bb, i, bb, i, bb, i, i, i, i, i, bb, i, bb, i, bb, i, i, i}));
                y = buffers.findVarHandle(NativeI420Buffer.class, "dataY", bb);
                u = buffers.findVarHandle(NativeI420Buffer.class, "dataU", bb);
                v = buffers.findVarHandle(NativeI420Buffer.class, "dataV", bb);
            } catch (ReflectiveOperationException | RuntimeException e) {
                whyNot = e.toString();
            }
            CONVERT = convert;
            SCALE = scale;
            Y = y;
            U = u;
            V = v;
            AVAILABLE = whyNot == null;
            WHY_NOT = whyNot;
        }

        @Override
        boolean allocationFree() {
            return true;
        }

        @Override
        void toArgb(I420Buffer src, ByteBuffer dst) {
            try {
                CONVERT.invokeExact(planeY(src), src.getStrideY(), planeU(src), src.getStrideU(), planeV(src),
                        src.getStrideV(), dst, src.getWidth(), src.getHeight(), FOURCC_ARGB);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("libyuv conversion failed", t);
            }
        }

        @Override
        void scale(I420Buffer src, NativeI420Buffer dst) {
            try {
                SCALE.invokeExact(planeY(src), src.getStrideY(), planeU(src), src.getStrideU(), planeV(src),
                        src.getStrideV(), 0, 0, src.getWidth(), src.getHeight(),
                        (ByteBuffer) Y.get(dst), dst.getStrideY(), (ByteBuffer) U.get(dst), dst.getStrideU(),
                        (ByteBuffer) V.get(dst), dst.getStrideV(), dst.getWidth(), dst.getHeight());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("libyuv scaling failed", t);
            }
        }

        // The fields hold the buffers the JNI made over the native planes; the getters slice them each call.
        private static ByteBuffer planeY(I420Buffer b) {
            return b instanceof NativeI420Buffer n ? (ByteBuffer) Y.get(n) : b.getDataY();
        }

        private static ByteBuffer planeU(I420Buffer b) {
            return b instanceof NativeI420Buffer n ? (ByteBuffer) U.get(n) : b.getDataU();
        }

        private static ByteBuffer planeV(I420Buffer b) {
            return b instanceof NativeI420Buffer n ? (ByteBuffer) V.get(n) : b.getDataV();
        }
    }
}
