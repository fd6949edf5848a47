"""The layout and the speed contracts the code relies on, pinned: no import cycle inside
app/, the video row's names, the page-statement cache, and the "GETs only read" assumption
behind autocommit reads."""

import typing
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.database import WriteInAutocommit
from app.extensions import db
from app.models import Like, Video
from app.pagination import PAGE_ROWS, _page_statement
from app.videos.queries import NEWEST, VideoRow, select_videos
from tools import import_cycles

APP = Path(__file__).resolve().parent.parent / "app"


def test_app_has_no_import_cycle():
    assert import_cycles.cycles(import_cycles.import_graph(APP)) == []


def test_the_import_cycle_check_finds_a_lazy_cycle(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("def f():\n    from pkg.a import thing\n")
    assert import_cycles.cycles(import_cycles.import_graph(package)) == [["pkg.a", "pkg.b"]]


@pytest.mark.parametrize("signed_in", [False, True])
def test_video_row_names_the_columns_of_the_read_model(signed_in):
    columns = [column.key for column in select_videos(signed_in).selected_columns]
    assert columns == list(typing.get_type_hints(VideoRow))


def test_page_statements_are_built_per_sort_keys():
    stmt = select_videos(True)
    by_time = _page_statement(stmt, NEWEST, "test", False, False)
    by_like = _page_statement(stmt, [Like.created_at, Like.video_id], "test", False, False)
    assert by_time is not by_like
    assert by_time is _page_statement(stmt, NEWEST, "test", False, False)
    assert by_time._limit_clause.compare(PAGE_ROWS)
    assert [column.key for column in by_like.selected_columns][-2:] == ["created_at", "video_id"]


@pytest.fixture
def autocommit_connection(app, is_postgres):
    if not is_postgres:
        pytest.skip("autocommit reads are a PostgreSQL optimisation (app/database.py)")
    with app.app_context():
        connection = db.session.connection()
        connection.connection.dbapi_connection.autocommit = True
        yield connection
        db.session.remove()


@pytest.mark.parametrize(
    "statement",
    [
        sa.insert(Video).values(author_id=1, video_url="https://e.com/v", caption=""),
        sa.update(Video).values(view_count=Video.view_count + 1),
        sa.delete(Video),
        sa.select(Video.id).with_for_update(),
        sa.select(Video.id).with_for_update(key_share=True),
    ],
    ids=["insert", "update", "delete", "for-update", "for-no-key-update"],
)
def test_a_write_on_a_connection_in_autocommit_fails_under_testing(autocommit_connection, statement):
    with pytest.raises(WriteInAutocommit):
        autocommit_connection.execute(statement)


def test_reads_on_a_connection_in_autocommit_pass_the_guard(autocommit_connection):
    assert autocommit_connection.execute(sa.select(sa.func.count()).select_from(Video)).scalar() == 0
