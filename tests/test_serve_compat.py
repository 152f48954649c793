"""The plugin on either Datasette line (0.65 and 1.0, see `make test-ds1`): a Dateline database
served by plain `datasette DB`, `--public` through the permission system, renderer errors in
Datasette 1.0's JSON error shape, and the CSP for Datasette's own data scripts."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from test_publish_data import build_db

from pipeline.publish import compat
from pipeline.publish.metadata import SETTINGS


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("compat") / "timeline.db")


def get(ds, path: str):
    return asyncio.run(ds.client.get(path, follow_redirects=True))


def _plain(*paths: Path, **kwargs):
    """`datasette DB`: no metadata or configuration from Dateline."""
    from datasette.app import Datasette

    return Datasette([str(p) for p in paths], **kwargs)


def test_the_plugin_is_registered_through_the_entry_point():
    from datasette.plugins import pm

    plugins = dict(pm.list_name_plugin())
    assert plugins["dateline"].__name__ == "pipeline.publish.plugin"


def test_plain_datasette_shows_the_timeline_of_a_dateline_database(db_path):
    ds = _plain(db_path)
    page = get(ds, "/-/timeline")
    assert page.status_code == 200 and "June 2024" in page.text
    assert "<title>" in page.text and "Dateline" in page.text.split("</title>")[0]
    # The stored queries, facets and descriptions the plugin found the database needed.
    nhse = get(ds, "/timeline/actor_timeline.json?actor=NHSE&_shape=array")
    assert nhse.status_code == 200 and [r["actor"] for r in nhse.json()] == ["NHS England"]
    data = get(ds, "/timeline/timeline.json?_extra=facet_results").json()
    facets = data["facet_results"]["results"] if compat.DATASETTE_1 else data["facet_results"]
    assert {"actor", "action_type", "year_month", "role"} <= set(facets)
    assert "TimelineJS" in page.text
    table = get(ds, "/timeline/events").text
    assert "1 when the event is denied" in table  # the `negated` column's description


def test_datasette_command_line_serves_the_timeline_page(db_path):
    """`datasette DB --get /-/timeline`: the installed command finds the plugin itself."""
    import shutil
    import subprocess
    import sys

    command = shutil.which("datasette", path=str(Path(sys.executable).parent))
    assert command, "datasette is installed with the project"
    result = subprocess.run([command, str(db_path), "--get", "/-/timeline"], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "week-end of 29–30 June 2024" in result.stdout


def test_plain_datasette_leaves_other_databases_alone(db_path, tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table events (id text)")
    conn.commit()
    conn.close()
    ds = _plain(other)
    assert get(ds, "/other/actor_timeline.json").status_code == 404
    assert get(ds, "/-/timeline").status_code == 404
    both = _plain(other, db_path)
    asyncio.run(both.invoke_startup())
    assert compat.dateline_databases(both) == ["timeline"]


def test_user_configuration_wins_over_the_plugins(db_path):
    """A query of the user's own under one of our names is left as the user wrote it."""
    mine = {"sql": "select 'mine' as owner", "title": "Mine"}
    if compat.DATASETTE_1:
        ds = _plain(db_path, config={"databases": {"timeline": {"queries": {"who_said": mine}}}})
    else:
        ds = _plain(db_path, metadata={"databases": {"timeline": {"queries": {"who_said": mine}}}})
    rows = get(ds, "/timeline/who_said.json?_shape=array").json()
    assert rows == [{"owner": "mine"}]
    assert get(ds, "/timeline/actor_timeline.json?actor=TPP").status_code == 200


def test_public_is_enforced_by_the_permission_system(db_path, tmp_path):
    """The plugin's `public` flag alone (with settings that would allow SQL and downloads)
    refuses arbitrary SQL and the database file: a permission hook on 0.65, deny rules from
    `permission_resources_sql` on 1.0. Stored queries and the timeline still answer."""
    from pipeline.publish.serve import snapshot

    copy = snapshot(db_path, tmp_path / "timeline.db")
    kwargs = compat.datasette_kwargs("timeline", public=True)
    open_settings = {**SETTINGS, "default_allow_sql": True, "allow_download": True}
    if compat.DATASETTE_1:
        kwargs["config"]["settings"] = open_settings
    else:
        kwargs["settings"] = open_settings
    from datasette.app import Datasette

    public = Datasette(immutables=[str(copy)], **kwargs)
    assert get(public, "/timeline/-/query.json?sql=select+1").status_code == 403 \
        if compat.DATASETTE_1 else get(public, "/timeline.json?sql=select+1").status_code == 403
    assert get(public, "/timeline.db").status_code == 403
    assert get(public, "/timeline/actor_timeline.json?actor=NHSE").status_code == 200
    assert get(public, "/-/timeline").status_code == 200
    # The same settings without the flag do allow both: the flag is what refuses them.
    open_kwargs = compat.datasette_kwargs("timeline")
    if compat.DATASETTE_1:
        open_kwargs["config"]["settings"] = open_settings
    else:
        open_kwargs["settings"] = open_settings
    local = Datasette(immutables=[str(copy)], **open_kwargs)
    assert get(local, "/timeline.json?sql=select+1").status_code == 200
    assert get(local, "/timeline.db").status_code == 200


@pytest.mark.parametrize("extension", ["timelinejs", "ics"])
def test_renderer_on_a_failing_query_is_a_clean_error(db_path, extension):
    ds = compat.make_datasette([db_path])
    response = get(ds, f"/timeline.{extension}?sql=select+date_start,+date_end,+actor,"
                       "+action+from+no_such_table")
    assert response.status_code == 400
    if compat.DATASETTE_1:  # 1.0 hands the error to the renderer; we answer in its format
        body = response.json()
        assert body["ok"] is False and body["status"] == 400
        assert "no_such_table" in body["error"] and body["errors"] == [body["error"]]


def test_error_body_has_datasette_1_shape():
    assert compat.error_body("bad", 400) == {"ok": False, "error": "bad", "errors": ["bad"],
                                             "status": 400}


def test_serve_writes_this_lines_configuration(db_path, tmp_path):
    from pipeline.publish.serve import write_config

    files = write_config("timeline", tmp_path, public=True)
    metadata = json.loads(files["metadata"].read_text())
    if compat.DATASETTE_1:
        import yaml

        config = yaml.safe_load(files["config"].read_text())
        assert config["plugins"]["dateline"]["public"] is True
        assert "actor_timeline" in config["databases"]["timeline"]["queries"]
        assert "queries" not in metadata["databases"]["timeline"]
    else:
        assert files["config"] is None
        assert metadata["plugins"]["dateline"]["public"] is True
        assert "actor_timeline" in metadata["databases"]["timeline"]["queries"]


def test_data_scripts_are_allowed_only_when_they_hold_json():
    from pipeline.publish.csp import data_script_hashes, data_script_patterns

    if not data_script_patterns():
        pytest.skip("this Datasette's templates have no data scripts")
    pattern = data_script_patterns()[0].pattern
    # Rebuild a script of that template's shape with JSON, then with code, in the holes.
    hole = "([^<>]*)"
    good = pattern.replace(hole, '{"table": "x"}').replace("\\", "")
    bad = pattern.replace(hole, "alert(1)").replace("\\", "")
    page = f"<script>{good}</script><script>{bad}</script>".encode()
    assert len(data_script_hashes(page)) == 1
    assert data_script_hashes(f"<script>{bad}</script>".encode()) == []
