"""formal checks; NGO accounts (users.is_ngo)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 21:05:13.013175

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('formal_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('supplement_by', sa.Date(), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("outcome != 'to_supplement' OR supplement_by IS NOT NULL", name=op.f('ck_formal_checks_supplement_has_date')),
    sa.CheckConstraint("outcome IN ('admitted', 'rejected', 'to_supplement')", name=op.f('ck_formal_checks_known_outcome')),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_formal_checks_checked_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_formal_checks_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_formal_checks')),
    sa.UniqueConstraint('offer_id', name=op.f('uq_formal_checks_offer_id'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_ngo', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('is_ngo')
    op.drop_table('formal_checks')
