"""Jobs as Celery tasks: each job is a task of its own name, routed to the queue it declares."""

from config.celery import app

from . import jobs, outbox


def declare(function, *, queue):
    job = jobs.register(function, queue=queue)

    @app.task(name=job.name, bind=True)
    def run(task, /, outbox_message_id=None, **kwargs):
        # Beat calls the job directly; the outbox sends the message to deliver instead.
        if outbox_message_id is None:
            return job.function(**kwargs)
        # The task id is the claim token: a redelivery of this task resumes its own claim.
        return outbox.deliver(outbox_message_id, claim_token=task.request.id)

    return job


def route(name, args, kwargs, options, task=None, **kw):
    """The router in CELERY_TASK_ROUTES: a job's task goes to the queue the job declares."""
    job = jobs.registry.get(name)
    return None if job is None else {"queue": job.queue}


# One immediate retry replaces a pooled connection the broker has dropped (a restart); a
# broker that is down fails the publish within a fraction of a second instead of holding
# the request, and the outbox sweep publishes the message again later.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}


def dispatch(message):
    """Publish the delivery on the job's queue; when tasks are eager it runs here and now."""
    app.tasks[message.job].apply_async(
        kwargs={"outbox_message_id": message.pk},
        task_id=outbox.new_claim_token(),
        retry=True,
        retry_policy=PUBLISH_RETRY_POLICY,
    )
