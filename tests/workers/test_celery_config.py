from spiral.workers.app import app


def test_the_worker_speaks_json_only_and_bounds_every_task():
    app.loader.import_default_modules()
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    # idempotent tasks are acknowledged after they ran, and redelivered if the
    # worker dies, but a task that kills its worker cannot loop forever
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert app.tasks["spiral.accounts.clear_expired_sessions"].max_retries == 3
    assert conf.task_ignore_result
    # Redis must not redeliver a message that a worker still holds for a countdown
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.broker_url.startswith("redis://")


def test_every_task_is_tenant_bound():
    from spiral.workers.base import TenantBoundTask

    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if name.startswith("spiral.")]
    assert ours and all(isinstance(task, TenantBoundTask) for task in ours)
    assert [t.name for t in ours if t.runs_in_public] == ["spiral.fan_out"]
