"""A TCP relay on 127.0.0.1 that the test owns, to cut a service off and bring it back.

The project reaches the service through the relay; `cut()` closes every live connection
and the listening port (new connections are refused), `restore()` listens again on the
same port.
"""

import contextlib
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

ACCEPT_POLL_SECONDS = 0.2
CHUNK = 65536


class Relay:
    def __init__(self, *, upstream_host, upstream_port):
        self.upstream = (upstream_host, upstream_port)
        self._lock = threading.Lock()
        self._connections = set()
        self._listener = None
        self._accepting = None
        self.port = None

    def url_for(self, url):
        """`url` with its host and port replaced by the relay's (path and credentials kept)."""
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@" if credentials else ""
        return urlunsplit(parts._replace(netloc=f"{netloc}127.0.0.1:{self.port}"))

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        listener.settimeout(ACCEPT_POLL_SECONDS)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._accepting = threading.Event()
        self._accepting.set()
        threading.Thread(target=self._accept, args=(listener, self._accepting), daemon=True).start()

    def cut(self):
        """Close every connection and stop listening: the service looks down."""
        self._accepting.clear()
        self._listener.close()
        with self._lock:
            connections, self._connections = self._connections, set()
        for sock in connections:
            _close(sock)

    def restore(self):
        self.start()

    stop = cut

    def _accept(self, listener, accepting):
        while accepting.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by cut()
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            for sock in (client, upstream):
                sock.settimeout(None)
            with self._lock:
                if not accepting.is_set():
                    _close(client)
                    _close(upstream)
                    return
                self._connections.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        """Copy bytes one way until either side closes."""
        try:
            while chunk := source.recv(CHUNK):
                target.sendall(chunk)
        except OSError:
            pass
        for sock in (source, target):
            with self._lock:
                self._connections.discard(sock)
            _close(sock)


def _close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
