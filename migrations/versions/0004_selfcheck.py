"""selfcheck: the NGO accounts' private self-check drafts (users.is_ngo comes with 0003)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 22:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('selfcheck_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('rubric_id', sa.String(length=60), nullable=False),
    sa.Column('rubric_version', sa.String(length=40), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_selfcheck_drafts_title_not_empty')),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_selfcheck_drafts_competition_id_competitions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_selfcheck_drafts_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selfcheck_drafts'))
    )
    with op.batch_alter_table('selfcheck_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_selfcheck_drafts_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_selfcheck_drafts_updated_at'), ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('selfcheck_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_selfcheck_drafts_updated_at'))
        batch_op.drop_index(batch_op.f('ix_selfcheck_drafts_owner_id'))

    op.drop_table('selfcheck_drafts')
