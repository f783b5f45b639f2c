"""Celery beat whose shutdown cannot hang on the broker.

Celery's own beat saves its schedule and closes its broker connection inside the SIGTERM
handler, which may run in the middle of a publish. With RabbitMQ, closing a connection
half-way through a frame waits for an answer the broker never sends, and beat hangs until
it is killed. Here the signal only asks the loop to stop: the tick in progress finishes,
and beat saves its schedule and closes the connection on the way out, within
CELERY_BEAT_MAX_LOOP_INTERVAL seconds (the longest it sleeps between ticks).
"""

from types import FrameType

from celery import beat, platforms
from celery.apps.beat import Beat


class StoppableBeat(Beat):
    def install_sync_handler(self, service: beat.Service) -> None:
        def stop(signum: int, frame: FrameType | None) -> None:
            service.stop()

        platforms.signals.update(SIGTERM=stop, SIGINT=stop)
