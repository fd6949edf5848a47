"""username skeletons (confusable usernames are a 409)

Revision ID: b7e2c91d4f30
Revises: c412df993601
Create Date: 2026-12-01 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c91d4f30'
down_revision = 'c412df993601'
branch_labels = None
depends_on = None

KEY = sa.String(length=255).with_variant(sa.String(length=255, collation='C'), 'postgresql')


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('username_skeleton', KEY, nullable=True))
    # Existing accounts get theirs computed here, by the app's own function.
    from app.text import username_skeleton

    users = sa.table('users', sa.column('id', sa.BigInteger), sa.column('username', sa.String),
                     sa.column('username_skeleton', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.username)).all()
    for start in range(0, len(rows), 5000):
        chunk = [{'uid': row.id, 'skeleton': username_skeleton(row.username)} for row in rows[start:start + 5000]]
        if chunk:
            connection.execute(
                users.update().where(users.c.id == sa.bindparam('uid')).values(username_skeleton=sa.bindparam('skeleton')),
                chunk,
            )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_username_skeleton'), ['username_skeleton'], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_username_skeleton'))
        batch_op.drop_column('username_skeleton')
