"""``flask seed``: realistic demo or benchmark data, loaded in one transaction.

PostgreSQL: COPY streamed in chunks, into tables truncated in the same transaction (so
COPY FREEZE applies), with keys, indexes and foreign keys dropped first and rebuilt once at
the end; SQLite: batched inserts. Either way an interruption rolls everything back.
"""

import shutil
import time
from dataclasses import replace
from itertools import islice
from pathlib import Path

import click
import psycopg2
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from app import storage
from app.commands.seed_data import (
    DAY,
    DEMO_ACCOUNTS,
    OTHER_PASSWORD,
    PRESETS,
    SAMPLE_CLIPS,
    SPAN_DAYS,
    Cells,
    World,
    timestamp_writer,
)
from app.commands.seed_engagement import seed_engagement
from app.commands.seed_safety import MODERATOR_ACCOUNT, seed_safety
from app.extensions import db
from app.hashtags.counts import recount_every_tag
from app.models import User, Video
from app.models.base import utcnow
from app.models.video import PROCESSING
from app.security import passwords
from app.tasks import enqueue
from app.videos.tasks import process_video

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
CHUNK_ROWS = 20_000

# Load order: parents before children, so SQLite's immediate foreign keys hold row by row.
TABLES = {
    "users": [
        "id",
        "username",
        "username_key",
        "username_skeleton",
        "email",
        "email_key",
        "password_hash",
        "display_name",
        "bio",
        "avatar_url",
        "token_version",
        "followers_count",
        "following_count",
        "video_count",
        "like_count",
        "created_at",
        "email_verified_at",
    ],
    "videos": [
        "id",
        "author_id",
        "caption",
        "video_url",
        "storage_key",
        "like_count",
        "comment_count",
        "view_count",
        "hot_score",
        "created_at",
        "updated_at",
    ],
    "hashtags": ["id", "name"],
    "video_hashtags": ["video_id", "hashtag_id"],
    "follows": ["follower_id", "followee_id", "created_at"],
    "likes": ["user_id", "video_id", "created_at"],
    "comments": ["id", "video_id", "author_id", "parent_id", "body", "reply_count", "created_at"],
}
SERIAL_TABLES = ["users", "videos", "hashtags", "comments"]


@click.command("seed")
@click.option(
    "--preset",
    type=click.Choice(sorted(PRESETS)),
    default="demo",
    show_default=True,
    help="demo: a few dozen users; bench: 100k users, 1M videos, 10M likes.",
)
@click.option("--users", type=click.IntRange(min=0), help="Override the preset's number of users.")
@click.option("--videos", type=click.IntRange(min=0))
@click.option("--likes", type=click.IntRange(min=0))
@click.option("--comments", type=click.IntRange(min=0), help="Top-level comments and replies together.")
@click.option("--follows", type=click.IntRange(min=0))
@click.option("--random-seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option("--reset", is_flag=True, help="Delete every existing row first (same transaction).")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database already has users.")
@click.option(
    "--media-base-url",
    help="URL the sample clips are served under [default: http://127.0.0.1:5000 + MEDIA_URL].",
)
@click.option(
    "--process-media",
    is_flag=True,
    help="Store each video's clip as an upload and process it (thumbnails, renditions), "
    "instead of linking the sample clips. For small data sets: make run uses it.",
)
@with_appcontext
def seed(preset, random_seed, reset, if_empty, media_base_url, process_media, **counts):
    """Fill the database with realistic demo data and print demo logins.

    The plain demo also gets a moderator, private accounts, follow requests, blocks,
    mutes and open reports.

    Popularity follows power laws, timestamps spread over six months, and every counter
    agrees with its rows. Ctrl-C leaves the database as it was.
    """
    sizes = replace(PRESETS[preset], **{name: n for name, n in counts.items() if n is not None})
    if problems := sizes.problems():
        raise click.UsageError("; ".join(problems))
    session = db.session
    if session.scalar(sa.select(User.id).limit(1)) is not None:
        if if_empty:
            click.echo("The database already has users; not seeding.")
            moderator = session.scalar(sa.select(User.id).where(User.username_key == MODERATOR_ACCOUNT[0]))
            print_logins(moderator=moderator is not None)  # on every `make run`, not only the first
            return
        if not reset:
            raise click.ClickException(
                "The database already has data. Pass --reset to replace it, or --if-empty to skip."
            )
    media_base_url = media_base_url or default_media_base_url()

    started = time.perf_counter()
    hashes: dict[str | None, str] = {
        username: passwords.hash(password) for username, password, _ in DEMO_ACCOUNTS
    }
    hashes[None] = passwords.hash(OTHER_PASSWORD)
    moderator_hash = passwords.hash(MODERATOR_ACCOUNT[1])
    # Midnight UTC today: the same seed gives the same rows all day, and "recent" stays recent.
    end = int(time.time()) // DAY * DAY
    world = World(sizes, random_seed, end, media_base_url, hashes)
    click.echo(f"Planning {sizes.users:,} users and {sizes.videos:,} videos...")
    world.plan()

    loader = PostgresLoader(session, world) if is_postgres(session) else SqliteLoader(session, world)
    loaded = {}
    try:
        loader.clear()
        cells = loader.cells
        sources = {
            "users": (world.user_rows(cells), sizes.users),
            "videos": (world.video_rows(cells), sizes.videos),
            "hashtags": (world.hashtag_rows(), None),
            "video_hashtags": (world.video_hashtag_rows(), None),
            "follows": (world.follow_rows(cells), sizes.follows),
            "likes": (world.like_rows(cells), sizes.likes),
            "comments": (world.comment_rows(cells), sizes.comments),
        }
        for table, (rows, total) in sources.items():
            # Hashtags and their links are only known once the videos are generated.
            total = (
                total
                if total is not None
                else len(world.hashtag_ids if table == "hashtags" else world.link_video)
            )
            loaded[table] = loader.load(table, rows, total)
        rebuild_seconds = loader.finish()
        # The demo as `make run` seeds it (custom sizes stay exactly as asked).
        plain_demo = preset == "demo" and all(n is None for n in counts.values())
        safety = seed_safety(session, moderator_hash, random_seed) if plain_demo else {}
        seed_engagement(session, [username for username, _, _ in DEMO_ACCOUNTS])
        recount_every_tag(session)  # the loader wrote videos and links directly
        session.commit()
        if session.get_bind().dialect.name == "postgresql":
            # The loader analysed what it copied; what the two steps above wrote (bookmarks,
            # shares, comment likes, blocks, mutes, ...) has no statistics yet, and without
            # them each per-row probe of bookmarks was planned as a bitmap scan of 50 rows.
            session.execute(sa.text("ANALYZE"))
            session.commit()
    except BaseException as error:
        session.rollback()
        if isinstance(error, KeyboardInterrupt):
            click.echo("\nInterrupted: rolled back, the database is as it was.", err=True)
            raise click.Abort() from None
        raise
    copy_samples()
    if process_media:
        upload_samples()
    report(loaded, rebuild_seconds, time.perf_counter() - started, media_base_url, safety)


def upload_samples():
    """Turn every seeded video into an upload of its sample clip and process it, as the
    API does with an upload (inline, or on the workers when a task queue is configured)."""
    # Every seeded video links one of the sample clips.
    videos = db.session.execute(
        sa.select(Video.id, Video.video_url).where(Video.video_url.is_not(None)).order_by(Video.id)
    ).all()
    now = utcnow()
    with click.progressbar(videos, label="Storing the clips as uploads", show_pos=True) as bar:
        for video_id, video_url in bar:
            name = str(video_url).rsplit("/", 1)[-1]
            key = storage.new_key(name.rsplit(".", 1)[-1])
            storage.put_file(SAMPLES_DIR / name, key)
            db.session.execute(
                sa.update(Video)
                .where(Video.id == video_id)
                .values(
                    video_url=None,
                    storage_key=key,
                    status=PROCESSING,
                    processing_since=now,
                    processing_attempts=1,
                )
            )
    recount_every_tag(db.session)  # processing: out of their tags until ready
    db.session.commit()
    label = "Queueing their processing" if current_app.config["CELERY_BROKER_URL"] else "Processing them"
    with click.progressbar([video_id for video_id, _ in videos], label=label, show_pos=True) as bar:
        for video_id in bar:
            enqueue(process_video, video_id)


def default_media_base_url():
    media_url = current_app.config["MEDIA_URL"]
    if media_url.startswith(("http://", "https://")):
        return media_url
    # The development server's own address (make run); media served by app/storage.py.
    return "http://127.0.0.1:5000" + media_url


def is_postgres(session):
    return session.get_bind().dialect.name == "postgresql"


def copy_samples():
    """Put the shipped clips where the media server (or nginx) serves MEDIA_URL from."""
    media_root = Path(current_app.config["MEDIA_ROOT"])
    media_root.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_CLIPS:
        source, target = SAMPLES_DIR / name, media_root / name
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, target)


def report(loaded, rebuild_seconds, seconds, media_base_url, safety):
    total = sum(rows for rows, _ in loaded.values())
    click.echo("")
    for table, (rows, table_seconds) in loaded.items():
        rate = rows / table_seconds if table_seconds else 0
        click.echo(f"  {table:<15} {rows:>12,} rows {table_seconds:>8.1f} s {rate:>12,.0f} rows/s")
    if rebuild_seconds:
        click.echo(f"  {'keys, indexes':<15} {'':>17} {rebuild_seconds:>8.1f} s")
    if safety:
        click.echo("  trust and safety: " + ", ".join(f"{n} {what}" for what, n in safety.items()))
    click.echo(f"Seeded {total:,} rows in {seconds:.1f} s.")
    click.echo(f"Videos play sample clips from {media_base_url}")
    print_logins(moderator=bool(safety))


def print_logins(*, moderator: bool):
    click.echo("Log in with (POST /api/auth/login, login + password):")
    for username, password, _ in DEMO_ACCOUNTS:
        click.echo(f"  {username:<10} {password}")
    if moderator:
        username, password, _ = MODERATOR_ACCOUNT
        click.echo(f"  {username:<10} {password}   (a moderator: GET /api/moderation/reports)")
    click.echo(f"  any other seeded username, password {OTHER_PASSWORD}")


def progress_bar(table, total):
    return click.progressbar(
        length=max(total, 1),
        label=f"{table:<15}",
        show_eta=True,
        show_pos=True,
        item_show_func=lambda rate: rate,
    )


def chunks(rows, bar):
    """Lists of up to CHUNK_ROWS rows; the bar advances as each one is handed over."""
    rows, started, done = iter(rows), time.perf_counter(), 0
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk
        done += len(chunk)
        rate = done / max(time.perf_counter() - started, 1e-9)
        bar.update(len(chunk), f"{rate:,.0f} rows/s")


class ChunkReader:
    """The ``read()`` that psycopg2's copy_expert pulls COPY data from, one chunk a call.

    psycopg2 turns an exception inside ``read()`` into QueryCanceled; ``interrupted``
    remembers that it was a Ctrl-C.
    """

    def __init__(self, texts):
        self.texts = iter(texts)
        self.interrupted = False

    def read(self, _size=-1):
        try:
            return next(self.texts, "")
        except KeyboardInterrupt:
            self.interrupted = True
            raise


class PostgresLoader:
    """COPY into freshly truncated tables, with their keys and indexes rebuilt afterwards.

    Building an index once over sorted data is much faster than growing it row by row,
    and re-adding a foreign key checks it with one join instead of a trigger per row.
    All of it is DDL inside the seeding transaction, so a rollback restores the schema.
    """

    def __init__(self, session, world):
        self.session = session
        self.cursor = session.connection().connection.driver_connection.cursor()
        self.cells = Cells(
            stamp=timestamp_writer(world.start, SPAN_DAYS + 2, "+00"),
            null="\\N",
        )
        self.restore = []

    def clear(self):
        tables = ", ".join(table.name for table in db.metadata.sorted_tables)
        # TRUNCATE in this transaction lets COPY write already-frozen rows (FREEZE).
        self.cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")
        self.cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        loaded = list(TABLES)
        foreign_keys = self.query_ddl(
            """SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname),
                      format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname,
                             pg_get_constraintdef(oid))
               FROM pg_constraint
               WHERE contype = 'f'
                 AND (conrelid = ANY(%(tables)s::regclass[]) OR confrelid = ANY(%(tables)s::regclass[]))""",
            loaded,
        )
        keys = self.query_ddl(
            """SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname),
                      format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname,
                             pg_get_constraintdef(oid))
               FROM pg_constraint
               WHERE contype IN ('p', 'u') AND conrelid = ANY(%(tables)s::regclass[])""",
            loaded,
        )
        indexes = self.query_ddl(
            """SELECT format('DROP INDEX %%s', indexrelid::regclass), pg_get_indexdef(indexrelid)
               FROM pg_index i
               WHERE indrelid = ANY(%(tables)s::regclass[])
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                 WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))""",
            loaded,
        )
        # Foreign keys depend on the keys they reference, so they go first and come back last.
        for drop, _ in foreign_keys + indexes + keys:
            self.cursor.execute(drop)
        self.restore = [create for _, create in keys + indexes + foreign_keys]

    def query_ddl(self, sql, tables):
        self.cursor.execute(sql, {"tables": tables})
        return self.cursor.fetchall()

    def load(self, table, rows, total):
        started = time.perf_counter()
        columns = TABLES[table]
        copied = 0

        def texts(bar):
            nonlocal copied
            for chunk in chunks(rows, bar):
                copied += len(chunk)
                yield "".join(["\t".join(map(str, row)) + "\n" for row in chunk])

        with progress_bar(table, total) as bar:
            reader = ChunkReader(texts(bar))
            try:
                self.cursor.copy_expert(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FREEZE)", reader
                )
            except psycopg2.Error:
                if reader.interrupted:
                    raise KeyboardInterrupt from None
                raise
        return copied, time.perf_counter() - started

    def finish(self):
        """Rebuild what ``clear`` dropped and refresh statistics; returns the seconds spent."""
        started = time.perf_counter()
        with click.progressbar(
            self.restore, label=f"{'keys, indexes':<15}", show_pos=True, item_show_func=describe_ddl
        ) as statements:
            for statement in statements:
                self.cursor.execute(statement)
        for table in TABLES:
            self.cursor.execute(f"ANALYZE {table}")
        for table in SERIAL_TABLES:
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false)"
                f" FROM {table}"
            )
        return time.perf_counter() - started


def describe_ddl(statement):
    return statement.split(" ON ")[0].split(" ADD ")[-1][:60] if statement else ""


class SqliteLoader:
    """Batched ``executemany`` inserts; parents come first, so foreign keys hold throughout."""

    def __init__(self, session, world):
        self.connection = session.connection()
        self.cells = Cells(
            stamp=timestamp_writer(world.start, SPAN_DAYS + 2, ".000000"),  # SQLAlchemy's format
            null=None,
        )

    def clear(self):
        for table in reversed(db.metadata.sorted_tables):
            self.connection.execute(table.delete())

    def load(self, table, rows, total):
        started = time.perf_counter()
        columns = TABLES[table]
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        inserted = 0
        with progress_bar(table, total) as bar:
            for chunk in chunks(rows, bar):
                self.connection.exec_driver_sql(sql, chunk)
                inserted += len(chunk)
        return inserted, time.perf_counter() - started

    def finish(self):
        """Nothing to rebuild: SQLite kept its indexes through the load."""
        return 0.0
