"""index the videos still processing

A partial index: the metrics gauge (``shortvideo_videos_processing``) and the sweep for stuck
videos read only the rows still processing, whatever the number of ready ones. On
PostgreSQL it is built CONCURRENTLY, outside the migration's transaction, so uploads and
processing go on while it builds on a large table.

Revision ID: 9d2b7c1e5a43
Revises: 668377db4c80
Create Date: 2026-12-01 15:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d2b7c1e5a43'
down_revision = '668377db4c80'
branch_labels = None
depends_on = None

PROCESSING = sa.text("status = 'processing'")


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        with op.get_context().autocommit_block():
            op.create_index(
                'ix_videos_processing', 'videos', ['processing_since'], unique=False,
                postgresql_where=PROCESSING, postgresql_concurrently=True,
            )
    else:
        op.create_index(
            'ix_videos_processing', 'videos', ['processing_since'], unique=False, sqlite_where=PROCESSING
        )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        with op.get_context().autocommit_block():
            op.drop_index('ix_videos_processing', table_name='videos', postgresql_concurrently=True)
    else:
        op.drop_index('ix_videos_processing', table_name='videos')
