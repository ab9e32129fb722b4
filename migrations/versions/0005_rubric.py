"""rubric: own contribution's base and rows (replacing own_share_financial_only); art. 15 ust. 1 pkt 6 scope; options

Revision ID: 0005_rubric
Revises: 0005_results
Create Date: 2026-11-30 10:00:00.000000

Existing calls keep what they were checked against: the total costs as the base, and row 3.1
alone where own_share_financial_only was set, rows 3.1 and 3.2 otherwise.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_rubric'
down_revision = '0005_results'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('own_share_base', sa.String(length=20), server_default='total_costs',
                                      nullable=False))
        batch_op.add_column(sa.Column('own_share_rows', sa.String(length=20), server_default='3.1+3.2',
                                      nullable=False))
        batch_op.add_column(sa.Column('prior_tasks_authority', sa.String(length=200), server_default='Gminę Wrocław',
                                      nullable=False))
        batch_op.add_column(sa.Column('prior_tasks_years', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('rubric_options', sa.JSON(), server_default='[]', nullable=False))
    op.execute("UPDATE competitions SET own_share_rows = '3.1' WHERE own_share_financial_only")
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_column('own_share_financial_only')
        batch_op.create_check_constraint(op.f('ck_competitions_known_own_share_base'), "own_share_base IN ('grant', 'total_costs')")
        batch_op.create_check_constraint(op.f('ck_competitions_known_own_share_rows'),
                                         "own_share_rows IN ('3.1', '3.1+3.2', '3.1+3.2+4')")
        batch_op.create_check_constraint(op.f('ck_competitions_prior_tasks_years_in_range'),
                                         "prior_tasks_years >= 1 AND prior_tasks_years <= 10")


def downgrade():
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('own_share_financial_only', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    # A grant base or row 4 has no old equivalent: the rows counted are kept as close as the old flag allows.
    op.execute("UPDATE competitions SET own_share_financial_only = (own_share_rows = '3.1')")
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_constraint('ck_competitions_prior_tasks_years_in_range', type_='check')
        batch_op.drop_constraint('ck_competitions_known_own_share_rows', type_='check')
        batch_op.drop_column('rubric_options')
        batch_op.drop_column('prior_tasks_years')
        batch_op.drop_column('prior_tasks_authority')
        batch_op.drop_constraint('ck_competitions_known_own_share_base', type_='check')
        batch_op.drop_column('own_share_rows')
        batch_op.drop_column('own_share_base')
