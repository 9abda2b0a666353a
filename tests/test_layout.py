"""The package's shape: no import circle, the core never imports the game, and the rules that
live in one place stay there.

The imports are read from the source (every ``import`` statement, also inside functions), so a
lazy import cannot hide a circle.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wagtail_advocacy

PACKAGE_DIR = Path(wagtail_advocacy.__file__).resolve().parent
PACKAGE = "wagtail_advocacy"
GAME = f"{PACKAGE}.game"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE_DIR.rglob("*.py")}


def imported_modules(name: str, path: Path, modules) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            # ``from x import y`` imports the module x.y when there is one, else x.
            targets = [
                f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                for alias in node.names
            ]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_cycle(graph) -> list[str] | None:
    """A circle of imports in ``graph`` as a list of modules, or None."""
    state = {}  # 1: on the current path, 2: done
    path = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_reader_of_imports_sees_relative_and_nested_imports():
    graph = import_graph()
    assert "wagtail_advocacy.models.kits" in graph["wagtail_advocacy.sharing.messages"]
    # apps.py imports these inside ready(): a nested import is an import all the same.
    assert {"wagtail_advocacy.checks", "wagtail_advocacy.signals"} <= graph[
        "wagtail_advocacy.apps"
    ]


def test_find_cycle_reports_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle_in_the_package():
    cycle = find_cycle(import_graph())
    assert cycle is None, "Import circle: " + " → ".join(cycle)


def test_the_core_never_imports_the_game():
    offenders = {
        name: sorted(target for target in targets if target.startswith(GAME))
        for name, targets in import_graph().items()
        if not name.startswith(GAME)
    }
    assert not {name: targets for name, targets in offenders.items() if targets}


@pytest.mark.parametrize(
    ("library", "home"),
    [
        ("bleach", "wagtail_advocacy.sanitize"),
        # The game's own screens have their own home: the core never imports the game.
        (
            "wagtail_modeladmin",
            ("wagtail_advocacy.modeladmin", "wagtail_advocacy.game.modeladmin"),
        ),
        ("django_q.tasks", "wagtail_advocacy.tasks"),
    ],
)
def test_a_library_is_imported_in_one_place_only(library, home):
    importers = set()
    for name, path in package_modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if any(n == library or n.startswith(library + ".") for n in names):
                importers.add(name)
    homes = home if isinstance(home, tuple) else (home,)
    assert importers and all(
        any(name == h or name.startswith(h + ".") for h in homes) for name in importers
    ), importers


def test_the_core_works_without_the_game():
    """With ``wagtail_advocacy.game`` left out of INSTALLED_APPS: checks pass, no migration is
    missing, and an employee opens the programme page and joins."""
    script = """
import django
from django.core.management import call_command
django.setup()
from django.conf import settings
assert "wagtail_advocacy.game" not in settings.INSTALLED_APPS
call_command("check", fail_level="WARNING", verbosity=0)
call_command("makemigrations", check=True, dry_run=True, verbosity=0)
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail_advocacy.models import Ambassador
user = get_user_model().objects.create_user("noah", password="pw")
client = Client()
client.force_login(user)
assert client.get("/advocacy/programme/").status_code == 200
assert client.post("/advocacy/programme/join/").status_code == 302
assert Ambassador.objects.active().filter(user=user).exists()
admin = get_user_model().objects.create_superuser("admin", password="pw")
client.force_login(admin)
assert "settings/wagtail_advocacy_game/" not in client.get("/admin/").content.decode()
from wagtail_advocacy.game.blocks import DonationsBlock, LeaderboardBlock
for block in (LeaderboardBlock(), DonationsBlock()):
    value = block.to_python(block.meta.preview_value)
    assert block.render(value).strip() == ""
    assert block.render_email(value, {"root_url": "https://intranet.example"}) == ""
print("core without the game: ok")
"""
    root = PACKAGE_DIR.parent
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_without_game",
        "PYTHONPATH": os.pathsep.join([str(root), str(root / "example_site")]),
    }
    env.pop("DATABASE_URL", None)  # an in-memory SQLite database of its own
    result = subprocess.run(  # noqa: S603 (this interpreter, this test's own script)
        [sys.executable, "-c", script], env=env, cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "core without the game: ok" in result.stdout


def test_every_scheduled_job_is_a_job_of_a_job_module():
    """django-q2 stores the schedules' dotted paths: each must import as a job."""
    from django.utils.module_loading import import_string

    from wagtail_advocacy import tasks

    for _name, func, _type, _at in tasks.scheduled_jobs():
        module_name, _dot, _job = func.rpartition(".")
        assert module_name in tasks.JOB_MODULES
        assert callable(import_string(func))


def test_enqueue_takes_only_jobs_of_a_job_module():
    from wagtail_advocacy import tasks
    from wagtail_advocacy.people import programme

    for not_a_job in (print, programme.join_programme, lambda: None):
        with pytest.raises(ValueError, match="not a job"):
            tasks.enqueue(not_a_job)


def test_an_optional_app_registers_its_jobs_and_schedules(monkeypatch):
    from django_q.models import Schedule

    from wagtail_advocacy import tasks
    from wagtail_advocacy.game import tasks as game_tasks

    assert "wagtail_advocacy.game.tasks" in tasks.JOB_MODULES  # by the game's ready()
    monkeypatch.setattr(tasks, "JOB_MODULES", list(tasks.JOB_MODULES))
    monkeypatch.setattr(tasks, "_optional_scheduled_jobs", [])
    entry = ("game: award points", f"{game_tasks.__name__}.award_day_points", Schedule.DAILY, None)

    tasks.register_jobs(game_tasks.__name__, [entry])
    tasks.register_jobs(game_tasks.__name__, [entry])

    assert tasks.JOB_MODULES.count(game_tasks.__name__) == 1
    assert tasks.scheduled_jobs()[-1] == entry
    assert len(tasks.scheduled_jobs()) == len(set(tasks.scheduled_jobs()))


@pytest.fixture
def received():
    """The domain signals received during a test, as (signal name, arguments)."""
    from wagtail_advocacy import signals

    calls = []
    names = ["share_recorded", "ambassador_joined", "ambassador_left", "day_rolled_up"]
    receivers = {}
    for name in names:

        def receiver(sender, name=name, **kwargs):
            calls.append((name, kwargs))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield calls
    for name in names:
        getattr(signals, name).disconnect(receivers[name])


@pytest.mark.django_db
def test_joining_and_leaving_send_their_domain_signals_once(
    received, django_user_model, django_capture_on_commit_callbacks
):
    from wagtail_advocacy.people.programme import join_programme, leave_programme

    user = django_user_model.objects.create_user("noah", password="pw")
    with django_capture_on_commit_callbacks(execute=True):
        ambassador = join_programme(user)
        join_programme(user)  # already in: nothing new to announce
        leave_programme(user)
        leave_programme(user)

    assert [(name, kwargs["ambassador"].pk) for name, kwargs in received] == [
        ("ambassador_joined", ambassador.pk),
        ("ambassador_left", ambassador.pk),
    ]


@pytest.mark.django_db
def test_a_share_and_a_roll_up_send_their_domain_signals(
    received, make_ambassador, make_share_kit, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from wagtail_advocacy.sharing.share import share_kit
    from wagtail_advocacy.stats.rollup import rollup_day

    ambassador, kit = make_ambassador(), make_share_kit()
    with django_capture_on_commit_callbacks(execute=True):
        result = share_kit(ambassador.user, kit, "linkedin", "Read this {link}")
        rollup_day(timezone.localdate())

    assert [name for name, _kwargs in received] == ["share_recorded", "day_rolled_up"]
    assert received[0][1]["share"].pk == result.share.pk
    assert received[1][1]["day"] == timezone.localdate()


@pytest.mark.django_db
def test_a_domain_signal_waits_for_the_commit(received, django_user_model):
    from django.db import transaction

    from wagtail_advocacy.people.programme import join_programme

    user = django_user_model.objects.create_user("noah", password="pw")
    with transaction.atomic():
        join_programme(user)
        assert received == []  # nothing announced while the join may still roll back
