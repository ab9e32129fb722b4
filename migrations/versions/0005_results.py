"""results: the call's allocation rule and disagreement limit, the chair's adjusted amounts, the decision, updated offers

Revision ID: 0005_results
Revises: 0005_documents
Create Date: 2026-11-30 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_results'
down_revision = '0005_documents'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('allocation_rule', sa.String(length=10), server_default='skip', nullable=False))
        batch_op.add_column(sa.Column('min_partial_share', sa.Numeric(precision=5, scale=4), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('disagreement_limit', sa.Numeric(precision=5, scale=4), server_default='0.20', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_competitions_known_allocation_rule'),
                                         "allocation_rule IN ('stop', 'skip', 'partial')")
        batch_op.create_check_constraint(batch_op.f('ck_competitions_partial_share_is_share'),
                                         'min_partial_share >= 0 AND min_partial_share <= 1')
        batch_op.create_check_constraint(batch_op.f('ck_competitions_disagreement_is_share'),
                                         'disagreement_limit >= 0 AND disagreement_limit <= 1')
    op.create_table('grant_adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('adjusted_by_id', sa.Integer(), nullable=False),
    sa.Column('adjusted_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_grant_adjustments_amount_positive')),
    sa.CheckConstraint('length(reason) > 0', name=op.f('ck_grant_adjustments_reason_given')),
    sa.ForeignKeyConstraint(['adjusted_by_id'], ['users.id'], name=op.f('fk_grant_adjustments_adjusted_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_grant_adjustments_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_adjustments')),
    sa.UniqueConstraint('offer_id', name=op.f('uq_grant_adjustments_offer_id'))
    )
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(number) > 0', name=op.f('ck_decisions_number_given')),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_decisions_competition_id_competitions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_decisions_recorded_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('competition_id', name=op.f('uq_decisions_competition_id'))
    )
    op.create_table('decision_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('opinion_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_decision_grants_amount_not_negative')),
    sa.CheckConstraint('amount = opinion_amount OR length(note) > 0', name=op.f('ck_decision_grants_difference_has_note')),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_grants_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_decision_grants_offer_id_offers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_grants')),
    sa.UniqueConstraint('decision_id', 'offer_id', name=op.f('uq_decision_grants_decision_id_offer_id'))
    )
    with op.batch_alter_table('decision_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_grants_decision_id'), ['decision_id'], unique=False)
    op.create_table('offer_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('form_data', sa.JSON(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_offer_updates_entered_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_updates_offer_id_offers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_updates')),
    sa.UniqueConstraint('offer_id', name=op.f('uq_offer_updates_offer_id'))
    )


def downgrade():
    op.drop_table('offer_updates')
    with op.batch_alter_table('decision_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_grants_decision_id'))
    op.drop_table('decision_grants')
    op.drop_table('decisions')
    op.drop_table('grant_adjustments')
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_competitions_disagreement_is_share'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_competitions_partial_share_is_share'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_competitions_known_allocation_rule'), type_='check')
        batch_op.drop_column('disagreement_limit')
        batch_op.drop_column('min_partial_share')
        batch_op.drop_column('allocation_rule')
