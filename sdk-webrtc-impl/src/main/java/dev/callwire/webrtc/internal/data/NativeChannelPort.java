package dev.callwire.webrtc.internal.data;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libwebrtc {@link RTCDataChannel} behind {@link ChannelPort}. Its observer runs on libwebrtc's threads and only
 * copies what arrived and hands it on. Sends and queries share a read lock and {@link #dispose()} takes the write
 * lock, so the native object is never freed under a send; once disposed, the port behaves as closed.
 */
final class NativeChannelPort implements ChannelPort {

    private static final Logger LOG = LoggerFactory.getLogger(NativeChannelPort.class);

    /** Called on libwebrtc's threads: hand on, never block. */
    interface Listener {
        void onMessage(NativeChannelPort port, byte[] bytes, boolean binary);

        void onChange(NativeChannelPort port);
    }

    private final RTCDataChannel channel;
    private final String label;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock
    private boolean disposed; // guarded by lock

    NativeChannelPort(RTCDataChannel channel) {
        this.channel = channel;
        this.label = channel.getLabel();
    }

    String label() {
        return label;
    }

    void listen(Listener listener) {
        channel.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
                listener.onChange(NativeChannelPort.this);
            }

            @Override
            public void onStateChange() {
                listener.onChange(NativeChannelPort.this);
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                ByteBuffer source = buffer.data.duplicate();
                byte[] bytes = new byte[source.remaining()];
                source.get(bytes);
                listener.onMessage(NativeChannelPort.this, bytes, buffer.binary);
            }
        });
    }

    @Override
    public boolean isOpen() {
        lock.readLock().lock();
        try {
            return !closed && channel.getState() == RTCDataChannelState.OPEN;
        } catch (RuntimeException e) {
            return false;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long bufferedAmount() {
        lock.readLock().lock();
        try {
            return closed ? 0 : channel.getBufferedAmount();
        } catch (RuntimeException e) {
            return 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean send(byte[] bytes, boolean binary) {
        lock.readLock().lock();
        try {
            if (closed || channel.getState() != RTCDataChannelState.OPEN) {
                return false;
            }
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), binary));
            return true;
        } catch (Exception e) {
            LOG.debug("data channel {}: send failed: {}", label, e.toString());
            return false;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stops the observer and closes the channel; idempotent. The native object stays until {@link #dispose()}. */
    void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            channel.unregisterObserver();
            channel.close();
        } catch (RuntimeException | Error e) {
            LOG.debug("data channel {}: closing: {}", label, e.toString());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Closes if needed and frees the native object; idempotent. */
    void dispose() {
        close();
        lock.writeLock().lock();
        try {
            if (disposed) {
                return;
            }
            disposed = true;
            channel.dispose();
        } catch (RuntimeException | Error e) {
            LOG.debug("data channel {}: disposing: {}", label, e.toString());
        } finally {
            lock.writeLock().unlock();
        }
    }
}
