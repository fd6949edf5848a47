"""Background work: Celery on a Redis broker, or the web process itself.

With ``CELERY_BROKER_URL`` set, ``enqueue()`` sends a task to the broker and
``celery -A wsgi:celery_app worker`` runs it. Without it (the development default) the
task runs in the web process, right where it is enqueued: after the commit that recorded
the work, so ``make run`` needs nothing else. ``REDIS_URL`` (rate limits) never turns the
queue on by itself: a queue nobody consumes would leave every video processing forever.

Tasks live with their feature (``app/<feature>/tasks.py``), as ``shared_task``s, and run
inside an app context. Every one is idempotent: it loads its object by id, checks its
state, and can run twice without a second effect (acknowledged late, a task may be
delivered again after a worker dies).
"""

import logging

from celery import Celery, Task
from flask import Flask, after_this_request, current_app, has_request_context

from app.extensions import db

log = logging.getLogger(__name__)

# Where the tasks live (a worker imports them all).
TASK_MODULES = [
    "app.videos.tasks",
    "app.uploads.tasks",
    "app.auth.tasks",
    "app.exports.tasks",
    "app.notifications.tasks",
    "app.hashtags.tasks",
]


def init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    broker = app.config["CELERY_BROKER_URL"]
    celery_app = Celery(app.name, task_cls=FlaskTask, set_as_current=True, include=TASK_MODULES)
    celery_app.conf.update(
        broker_url=broker or "memory://",  # unused without a broker: enqueue() runs inline
        task_ignore_result=True,
        task_default_queue=app.config["CELERY_QUEUE"],
        # A task is acknowledged once it has run, so one whose worker died is delivered
        # again; one at a time per worker process, because a transcode is long.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # Redeliver a task whose worker vanished after this long (longer than any task).
        broker_transport_options={
            "visibility_timeout": app.config["CELERY_VISIBILITY_TIMEOUT"],
            # Look for such tasks every 10 s (kombu's default scans every 100 s).
            "unacked_restore_throttle": 1,
            "socket_connect_timeout": 2,
            "socket_timeout": 5,
        },
        broker_connection_retry_on_startup=True,
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
        # `celery -A wsgi:celery_app worker --beat` (one such worker) or `celery ... beat`
        # runs the sweeps; without a broker, `flask media sweep` from cron does.
        beat_schedule={
            "sweep stuck videos": {"task": "videos.sweep_stuck", "schedule": app.config["SWEEP_SECONDS"]},
            "sweep expired uploads": {
                "task": "uploads.sweep_expired",
                "schedule": app.config["SWEEP_SECONDS"],
            },
            "sweep expired account tokens": {
                "task": "auth.sweep_expired_tokens",
                "schedule": app.config["SWEEP_SECONDS"],
            },
            "sweep expired exports": {
                "task": "exports.sweep_expired",
                "schedule": app.config["SWEEP_SECONDS"],
            },
            "sweep hashtags": {
                "task": "hashtags.sweep",
                "schedule": app.config["SWEEP_SECONDS"],
            },
            "prune read notifications": {"task": "notifications.prune", "schedule": 3600.0},
        },
    )
    app.extensions["celery"] = celery_app
    return celery_app


def queue_state() -> str:
    """The health check's view of the task queue: ``inline`` without a broker, else
    whether the broker accepts a connection within the app's Redis timeouts."""
    if not current_app.config["CELERY_BROKER_URL"]:
        return "inline"
    celery_app = current_app.extensions["celery"]
    try:
        with celery_app.connection_for_write(
            connect_timeout=current_app.config["REDIS_CONNECT_TIMEOUT"]
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
    except Exception:  # kombu's OperationalError and the transports' own errors
        return "unreachable"
    return "ok"


def enqueue(task, *args, after_response: bool = False) -> bool:
    """Run ``task`` in the background, or here and now without a broker. Call it after the
    commit that recorded the work. False when it could not be queued or failed inline: the
    work stays recorded (a video stays ``processing``) for ``flask media reprocess``.

    The task is sent through the current app's Celery (several apps may live in one
    process, as in the tests) and run inline in the current app context. With
    ``after_response``, an inline task in a request runs once the answer has been sent
    (when the WSGI server closes it): the answer's content and timing then do not depend
    on the task (the password-reset mail, which must not tell who has an account).
    """
    if not current_app.config["CELERY_BROKER_URL"]:
        if after_response and has_request_context():
            app = current_app._get_current_object()  # type: ignore[attr-defined]

            @after_this_request
            def run_when_sent(response):
                response.call_on_close(lambda: _run_in(app, task, args))
                return response

            return True
        return _run_inline(task, args)
    try:
        current_app.extensions["celery"].send_task(task.name, args=args)
    except Exception:  # kombu's OperationalError and friends: the broker is down
        log.exception("Could not queue %s%r", task.name, args)
        return False
    return True


def _run_inline(task, args) -> bool:
    try:
        task.run(*args)
    except Exception:
        log.exception("Task %s%r failed inline", task.name, args)
        db.session.rollback()
        return False
    return True


def _run_in(app: Flask, task, args) -> None:
    with app.app_context():
        _run_inline(task, args)
