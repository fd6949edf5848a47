"""stored hashtag video counts

``hashtags.video_count`` (the tag's public, ready videos by public accounts that are not
suspended) and ``videos.tag_counted`` (whether the video's tags count it now), kept exact
by app/hashtags/counts.py: a tag's page and trending read one row per tag instead of
counting every video of the tag (trending took 8.8 s at a million videos). Suspensions
that have already ended are cleared first, as the sweep now does.

Revision ID: c4f1a9e2d7b6
Revises: 9d2b7c1e5a43
Create Date: 2026-12-01 19:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1a9e2d7b6'
down_revision = '9d2b7c1e5a43'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('videos', sa.Column('tag_counted', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('hashtags', sa.Column('video_count', sa.BigInteger(), server_default='0', nullable=False))
    op.execute(
        "UPDATE users SET suspended_until = NULL, suspension_reason = NULL "
        "WHERE suspended_until <= CURRENT_TIMESTAMP"
    )
    op.execute(
        "UPDATE videos SET tag_counted = TRUE WHERE status = 'ready' AND visibility = 'public' "
        "AND author_id IN (SELECT id FROM users WHERE NOT is_private AND suspended_until IS NULL)"
    )
    # One grouped pass over the links (UPDATE ... FROM: PostgreSQL, SQLite 3.33+).
    op.execute(
        "UPDATE hashtags SET video_count = counted.n FROM ("
        " SELECT video_hashtags.hashtag_id AS hashtag_id, count(*) AS n FROM video_hashtags"
        " JOIN videos ON videos.id = video_hashtags.video_id WHERE videos.tag_counted"
        " GROUP BY video_hashtags.hashtag_id) AS counted WHERE hashtags.id = counted.hashtag_id"
    )
    if op.get_bind().dialect.name == 'postgresql':
        # New columns have no statistics until ANALYZE (see 668377db4c80).
        op.execute("ANALYZE videos")
        op.execute("ANALYZE hashtags")


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop AUTOINCREMENT.
    op.drop_column('hashtags', 'video_count')
    op.drop_column('videos', 'tag_counted')
