"""documents: the "official" role; what is typed for the committee's protocol

Revision ID: 0005_documents
Revises: 0005_fixc
Create Date: 2026-11-30 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_documents'
down_revision = '0005_fixc'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('secretary', 'chair', 'member', 'expert')"
NEW_ROLES = "role IN ('secretary', 'chair', 'member', 'expert', 'official')"


def upgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_memberships_known_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_memberships_known_role'), NEW_ROLES)
    op.create_table('protocol_details',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('by_circulation', sa.Boolean(), nullable=False),
    sa.Column('present_user_ids', sa.JSON(), nullable=False),
    sa.Column('rejection_reasons', sa.Text(), nullable=False),
    sa.Column('dissenting_opinions', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('by_circulation OR length(place) > 0', name=op.f('ck_protocol_details_place_unless_by_circulation')),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_protocol_details_competition_id_competitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protocol_details')),
    sa.UniqueConstraint('competition_id', name=op.f('uq_protocol_details_competition_id'))
    )


def downgrade():
    op.drop_table('protocol_details')
    op.execute("DELETE FROM memberships WHERE role = 'official'")
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_memberships_known_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_memberships_known_role'), OLD_ROLES)
