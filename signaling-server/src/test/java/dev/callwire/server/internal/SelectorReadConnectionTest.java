package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.concurrent.Executor;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.Behavior;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class SelectorReadConnectionTest {

    private static SelectorReadConnection connectionOn(EndPoint endPoint) {
        WebSocketCoreSession session = mock(WebSocketCoreSession.class);
        when(session.getInputBufferSize()).thenReturn(4096);
        when(session.getOutputBufferSize()).thenReturn(4096);
        when(session.getBehavior()).thenReturn(Behavior.SERVER);
        return new SelectorReadConnection(endPoint, mock(Executor.class), mock(Scheduler.class),
                mock(ByteBufferPool.class), session);
    }

    @Test
    void asksForReadsThatJettyRunsOnTheSelectorThread() {
        EndPoint endPoint = mock(EndPoint.class);
        SelectorReadConnection connection = connectionOn(endPoint);

        connection.fillInterested();

        ArgumentCaptor<Callback> read = ArgumentCaptor.forClass(Callback.class);
        verify(endPoint).fillInterested(read.capture());
        // Jetty's selector runs a NON_BLOCKING task itself; anything else is handed to another thread.
        assertThat(read.getValue().getInvocationType()).isEqualTo(InvocationType.NON_BLOCKING);
    }

    @Test
    void aFailedReadInterestReachesTheConnection() {
        EndPoint endPoint = mock(EndPoint.class);
        when(endPoint.isOpen()).thenReturn(true);
        SelectorReadConnection connection = connectionOn(endPoint);
        connection.fillInterested();
        ArgumentCaptor<Callback> read = ArgumentCaptor.forClass(Callback.class);
        verify(endPoint).fillInterested(read.capture());

        read.getValue().failed(new java.io.IOException("reset"));

        // Jetty's answer to a failed read interest on an open end point: shut the output and read to the end.
        verify(endPoint).shutdownOutput();
    }
}
