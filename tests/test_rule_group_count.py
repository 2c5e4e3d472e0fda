from tests.conftest import found, job_text, lint

RULE = "group-count"


def job(kind: str, group: str) -> str:
    return job_text(group, None, head=f'type = "{kind}"', group_name="web")


def messages(text: str) -> list[str]:
    return [d.message for d in lint(text) if d.rule == RULE]


def test_negative_count_points_at_value():
    text = job("service", "    count = -1")
    assert found(text, RULE) == [(4, 13)]
    assert messages(text) == ["Task group count can't be negative"]


def test_zero_and_positive_counts_pass():
    assert found(job("service", "    count = 0"), RULE) == []
    assert found(job("batch", "    count = 10"), RULE) == []


def test_system_job_count_above_one():
    # TestJob_SystemJob_Validate: count 2 fails, 0 and 1 pass.
    text = job("system", "    count = 2")
    assert found(text, RULE) == [(4, 13)]
    assert messages(text) == ["Job task group web has count 2. Count cannot exceed 1 with system scheduler"]
    assert found(job("system", "    count = 1"), RULE) == []
    assert found(job("system", "    count = 0"), RULE) == []


def test_sysbatch_is_not_limited_by_nomad():
    assert found(job("sysbatch", "    count = 3"), RULE) == []


def test_scaling_min_stands_in_for_count():
    text = job("system", "    scaling {\n      min = 2\n      max = 4\n    }")
    assert found(text, RULE) == [(3, 3)]


def test_unknown_count_is_skipped():
    assert found(job("system", "    count = var.n"), RULE) == []
