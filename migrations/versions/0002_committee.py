"""committee: competitions, offers, score cards

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:44:30.250035

"""
from alembic import op
import sqlalchemy as sa

from app.audit import pg_guard


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_audit_head_single_row')),
    sa.CheckConstraint('length(head_hash) = 64', name=op.f('ck_audit_head_head_hash_length')),
    sa.CheckConstraint('row_count >= 0', name=op.f('ck_audit_head_row_count_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('competitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rubric_id', sa.String(length=60), nullable=False),
    sa.Column('rubric_version', sa.String(length=40), nullable=False),
    sa.Column('rubric_hash', sa.String(length=64), nullable=True),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('min_own_share', sa.Numeric(precision=6, scale=4), nullable=False),
    sa.Column('own_share_financial_only', sa.Boolean(), nullable=False),
    sa.Column('threshold', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('aggregation', sa.String(length=10), nullable=False),
    sa.Column('window_start', sa.Date(), nullable=True),
    sa.Column('window_end', sa.Date(), nullable=True),
    sa.Column('scoring_deadline', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("aggregation IN ('mean', 'median')", name=op.f('ck_competitions_known_aggregation')),
    sa.CheckConstraint("mode IN ('wsparcie', 'powierzenie')", name=op.f('ck_competitions_known_mode')),
    sa.CheckConstraint("status IN ('draft', 'announced', 'merit', 'closed')", name=op.f('ck_competitions_known_status')),
    sa.CheckConstraint('budget >= 0', name=op.f('ck_competitions_budget_not_negative')),
    sa.CheckConstraint('min_own_share >= 0 AND min_own_share <= 1', name=op.f('ck_competitions_own_share_is_share')),
    sa.CheckConstraint('threshold >= 0 AND threshold <= 1', name=op.f('ck_competitions_threshold_is_share')),
    sa.CheckConstraint('window_start IS NULL OR window_end IS NULL OR window_start <= window_end', name=op.f('ck_competitions_window_in_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitions')),
    sa.UniqueConstraint('reference', name=op.f('uq_competitions_reference'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=64), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=True),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('id > 0', name=op.f('ck_audit_log_positive_id')),
    sa.CheckConstraint('length(prev_hash) = 64 AND length(hash) = 64', name=op.f('ck_audit_log_hash_lengths')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_competition_id'), ['competition_id'], unique=False)
        batch_op.create_index('ix_audit_log_object', ['object_type', 'object_id'], unique=False)

    op.create_table('impartiality_declarations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('statement_version', sa.String(length=20), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_impartiality_declarations_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_impartiality_declarations_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impartiality_declarations')),
    sa.UniqueConstraint('competition_id', 'user_id', name=op.f('uq_impartiality_declarations_competition_id_user_id'))
    )
    with op.batch_alter_table('impartiality_declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impartiality_declarations_competition_id'), ['competition_id'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.CheckConstraint("role IN ('secretary', 'chair', 'member', 'expert')", name=op.f('ck_memberships_known_role')),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_memberships_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('competition_id', 'user_id', name=op.f('uq_memberships_competition_id_user_id'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_competition_id'), ['competition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)

    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('applicant_name', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('requested_grant', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('applicant_prior_tasks', sa.Boolean(), nullable=True),
    sa.Column('formal_status', sa.String(length=20), nullable=False),
    sa.Column('form_data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("formal_status IN ('pending', 'admitted', 'rejected', 'to_supplement')", name=op.f('ck_offers_known_formal_status')),
    sa.CheckConstraint('requested_grant >= 0', name=op.f('ck_offers_grant_not_negative')),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_offers_competition_id_competitions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers')),
    sa.UniqueConstraint('competition_id', 'number', name=op.f('uq_offers_competition_id_number'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_competition_id'), ['competition_id'], unique=False)

    op.create_table('exclusions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('conflict', 'secretary')", name=op.f('ck_exclusions_known_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_exclusions_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_exclusions_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exclusions_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exclusions')),
    sa.UniqueConstraint('offer_id', 'user_id', name=op.f('uq_exclusions_offer_id_user_id'))
    )
    with op.batch_alter_table('exclusions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exclusions_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exclusions_user_id'), ['user_id'], unique=False)

    op.create_table('expert_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_expert_comments_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_expert_comments_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_comments'))
    )
    with op.batch_alter_table('expert_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_comments_offer_id'), ['offer_id'], unique=False)

    op.create_table('score_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rubric_id', sa.String(length=60), nullable=False),
    sa.Column('rubric_version', sa.String(length=40), nullable=False),
    sa.Column('rubric_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status = 'draft' OR submitted_at IS NOT NULL", name=op.f('ck_score_cards_submitted_has_time')),
    sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f('ck_score_cards_known_status')),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_score_cards_offer_id_offers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_score_cards_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_cards')),
    sa.UniqueConstraint('offer_id', 'user_id', name=op.f('uq_score_cards_offer_id_user_id'))
    )
    with op.batch_alter_table('score_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_cards_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_cards_user_id'), ['user_id'], unique=False)

    op.create_table('card_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=20), nullable=False),
    sa.Column('old_points', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('new_points', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('old_not_applicable', sa.Boolean(), nullable=False),
    sa.Column('new_not_applicable', sa.Boolean(), nullable=False),
    sa.Column('old_justification', sa.Text(), nullable=False),
    sa.Column('new_justification', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['score_cards.id'], name=op.f('fk_card_corrections_card_id_score_cards'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_card_corrections_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_corrections'))
    )
    with op.batch_alter_table('card_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_card_corrections_card_id'), ['card_id'], unique=False)

    op.create_table('scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=20), nullable=False),
    sa.Column('points', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('max_points', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('not_applicable', sa.Boolean(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.CheckConstraint('NOT (not_applicable AND points IS NOT NULL)', name=op.f('ck_scores_not_applicable_has_no_points')),
    sa.CheckConstraint('max_points > 0', name=op.f('ck_scores_max_positive')),
    sa.CheckConstraint('points IS NULL OR (points >= 0 AND points <= max_points)', name=op.f('ck_scores_points_within_max')),
    sa.ForeignKeyConstraint(['card_id'], ['score_cards.id'], name=op.f('fk_scores_card_id_score_cards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores')),
    sa.UniqueConstraint('card_id', 'criterion_id', name=op.f('uq_scores_card_id_criterion_id'))
    )
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scores_card_id'), ['card_id'], unique=False)


    # The audit log is append-only: PostgreSQL refuses UPDATE, DELETE and TRUNCATE on it.
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_guard.install_sql():
            op.execute(statement)

def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_guard.remove_sql():
            op.execute(statement)
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scores_card_id'))

    op.drop_table('scores')
    with op.batch_alter_table('card_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_corrections_card_id'))

    op.drop_table('card_corrections')
    with op.batch_alter_table('score_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_cards_user_id'))
        batch_op.drop_index(batch_op.f('ix_score_cards_offer_id'))

    op.drop_table('score_cards')
    with op.batch_alter_table('expert_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_comments_offer_id'))

    op.drop_table('expert_comments')
    with op.batch_alter_table('exclusions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exclusions_user_id'))
        batch_op.drop_index(batch_op.f('ix_exclusions_offer_id'))

    op.drop_table('exclusions')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_competition_id'))

    op.drop_table('offers')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_competition_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('impartiality_declarations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impartiality_declarations_competition_id'))

    op.drop_table('impartiality_declarations')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_object')
        batch_op.drop_index(batch_op.f('ix_audit_log_competition_id'))

    op.drop_table('audit_log')
    op.drop_table('competitions')
    op.drop_table('audit_head')
