"""fixc: requests to withdraw a declared conflict of interest, with the secretary's decision

Revision ID: 0005_fixc
Revises: 0005_admin
Create Date: 2026-11-30 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_fixc'
down_revision = '0005_admin'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('conflict_withdrawals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'refused')", name=op.f('ck_conflict_withdrawals_known_status')),
    sa.CheckConstraint("status = 'pending' OR decided_by_id IS NOT NULL", name=op.f('ck_conflict_withdrawals_decision_has_author')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_conflict_withdrawals_decided_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_conflict_withdrawals_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conflict_withdrawals_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_withdrawals'))
    )
    with op.batch_alter_table('conflict_withdrawals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_withdrawals_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_withdrawals_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('conflict_withdrawals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_withdrawals_user_id'))
        batch_op.drop_index(batch_op.f('ix_conflict_withdrawals_offer_id'))
    op.drop_table('conflict_withdrawals')
