"""Gunicorn settings: `gunicorn --config gunicorn.conf.py config.wsgi`.

Every value comes from the environment so one image fits every machine size. Gunicorn
also reads GUNICORN_CMD_ARGS (e.g. "--bind 127.0.0.1:8000" behind a local proxy).
https://docs.gunicorn.org/en/stable/settings.html
"""

import os

# All interfaces: in a container, the published port or the orchestrator's probe arrives
# on the container's own address, not on loopback.
bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
# Worker processes: the classic 2 x CPU + 1 keeps the CPUs busy while some workers wait on
# the database.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# Two threads per worker (gunicorn's gthread worker): a worker serves one request while
# another waits on the database, and keeps client connections alive between requests.
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A worker silent this long is killed and replaced. With threads this watches the worker,
# not each request: bound slow queries in the database instead (statement_timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, requests in flight get this long; keep it below the orchestrator's grace
# period (Docker's default is 10 s) so shutdown stays clean.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "8"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak never takes the service down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# The app is imported in each worker after the fork, so nothing that holds sockets or
# threads (database connections, telemetry exporters) is shared between workers.
preload_app = False
# The workers' heartbeat files in memory: on a container's overlay filesystem a slow
# write can make the arbiter kill healthy workers. Private to this host, not a temp dir.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
# Trust X-Forwarded-Proto (the request's scheme) only from these proxy addresses or networks:
# loopback by default, for a proxy on the same host; compose.yaml names its proxy's network.
# Never "*" where clients can reach gunicorn directly: they could then claim HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs: access and error lines on stdout, JSON by default like the app's own logs.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            },
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"handlers": ["stdout"], "level": "INFO"},
        # No levels here: gunicorn has already set them from `loglevel`.
        "loggers": {
            name: {"handlers": ["stdout"], "propagate": False}
            for name in ("gunicorn.error", "gunicorn.access")
        },
    }
