"""Wagtail 8's swappable Page: the app never binds wagtailcore.Page at import time."""

import ast
from pathlib import Path

import wagtail_advocacy
from wagtail_advocacy.compat import PAGE_MODEL, get_page_model

PACKAGE_DIR = Path(wagtail_advocacy.__file__).parent


def module_level_page_imports(path):
    """Names ``Page`` imported from wagtail at module level (not inside functions)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wagtail"):
            found += [alias.name for alias in node.names if alias.name == "Page"]
    return found


def test_no_module_imports_page():
    offenders = {
        str(path.relative_to(PACKAGE_DIR)): names
        for path in PACKAGE_DIR.rglob("*.py")
        if (names := module_level_page_imports(path))
    }
    assert offenders == {}


def hard_coded_page_references(source):
    """What a migration hard-codes of Wagtail's own Page: ``'wagtailcore.page'`` among a
    model's ``bases`` and ``'page_ptr'`` as a field name. Both break ``migrate`` in a
    project that swaps its base page (the parent link is then named after that model)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "bases" and isinstance(keyword.value, ast.Tuple):
                found += [
                    f"bases {base.value!r}"
                    for base in keyword.value.elts
                    if isinstance(base, ast.Constant)
                    and str(base.value).lower() == "wagtailcore.page"
                ]
            if keyword.arg == "fields" and isinstance(keyword.value, ast.List):
                found += [
                    f"field {field.elts[0].value!r}"
                    for field in keyword.value.elts
                    if isinstance(field, ast.Tuple)
                    and isinstance(field.elts[0], ast.Constant)
                    and field.elts[0].value == "page_ptr"
                ]
    return found


def test_the_check_catches_hard_coded_page_references():
    source = (
        "CreateModel(name='P', fields=[('page_ptr', F()), ('intro', F())],"
        " bases=(Mixin, 'wagtailcore.page'))"
    )
    assert hard_coded_page_references(source) == ["field 'page_ptr'", "bases 'wagtailcore.page'"]
    swapped = "CreateModel(name='P', fields=[(PAGE_PTR, F())], bases=(Mixin, PAGE_MODEL))"
    assert hard_coded_page_references(swapped) == []


def test_migrations_reference_the_page_model_through_swapper():
    """The app's, the example site's and the test app's migrations run on 7.4 and 8 alike,
    with Wagtail's Page or a project's own base page."""
    roots = [PACKAGE_DIR, PACKAGE_DIR.parent / "example_site" / "intranet", Path(__file__).parent]
    migrations = [m for root in roots for m in root.rglob("migrations/0*.py")]
    assert len(migrations) >= 3
    for migration in migrations:
        source = migration.read_text()
        assert "settings.WAGTAIL_PAGE_MODEL" not in source, migration.name
        assert "settings.WAGTAILCORE_PAGE_MODEL" not in source, migration.name
        assert hard_coded_page_references(source) == [], migration
        assert "0098_apitoken" not in source, f"{migration.name} needs Wagtail 8"


def test_page_model_resolves_to_the_project_page():
    model = get_page_model()
    assert f"{model._meta.app_label}.{model.__name__}".lower() == PAGE_MODEL.lower()
