"""fixb: the chair closes scoring; lifecycle events keep overridden blockers and reasons for the protocol

Revision ID: 0005_fixb
Revises: 0005_jobs
Create Date: 2026-11-30 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_fixb'
down_revision = '0005_jobs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scoring_closed_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('lifecycle_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('overridden', sa.JSON(), nullable=False),
    sa.CheckConstraint("kind IN ('status', 'close_scoring')", name=op.f('ck_lifecycle_events_known_kind')),
    sa.CheckConstraint("from_status IN ('draft', 'announced', 'merit', 'closed')",
                       name=op.f('ck_lifecycle_events_known_from_status')),
    sa.CheckConstraint("to_status IN ('draft', 'announced', 'merit', 'closed')",
                       name=op.f('ck_lifecycle_events_known_to_status')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_lifecycle_events_actor_id_users'),
                            ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'],
                            name=op.f('fk_lifecycle_events_competition_id_competitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lifecycle_events'))
    )
    with op.batch_alter_table('lifecycle_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lifecycle_events_competition_id'), ['competition_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lifecycle_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lifecycle_events_competition_id'))
    op.drop_table('lifecycle_events')
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_column('scoring_closed_at')
