"""feed indexes of ready videos

The feeds' ordered walks (newest first, by hot score) read ready videos only, so their
indexes hold ready videos only: failed, removed and processing videos, which accumulate,
are no longer walked past. ``ix_videos_created`` and ``ix_videos_hot`` become the partial
``ix_videos_ready_created`` and ``ix_videos_ready_hot``. On PostgreSQL the new ones are
built CONCURRENTLY before the old ones go, so the feeds always have an index and writes
continue during the build.

Revision ID: e8b3d5f0a2c1
Revises: c4f1a9e2d7b6
Create Date: 2026-12-01 20:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8b3d5f0a2c1'
down_revision = 'c4f1a9e2d7b6'
branch_labels = None
depends_on = None

READY = sa.text("status = 'ready'")
INDEXES = [  # (new, old, columns)
    ('ix_videos_ready_created', 'ix_videos_created', ['created_at', 'id']),
    ('ix_videos_ready_hot', 'ix_videos_hot', ['hot_score', 'id']),
]


def upgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    for new, old, columns in INDEXES:
        if postgres:
            with op.get_context().autocommit_block():
                op.create_index(
                    new, 'videos', columns, postgresql_where=READY, postgresql_concurrently=True
                )
                op.drop_index(old, table_name='videos', postgresql_concurrently=True)
        else:
            op.create_index(new, 'videos', columns, sqlite_where=READY)
            op.drop_index(old, table_name='videos')


def downgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    for new, old, columns in INDEXES:
        if postgres:
            with op.get_context().autocommit_block():
                op.create_index(old, 'videos', columns, postgresql_concurrently=True)
                op.drop_index(new, table_name='videos', postgresql_concurrently=True)
        else:
            op.create_index(old, 'videos', columns)
            op.drop_index(new, table_name='videos')
