"""calibration: rounds, fictional sample offers, calibration cards and scores (kept apart from offers and cards)

Revision ID: 0006_calibration
Revises: 0005_rubric
Create Date: 2026-11-30 11:53:11.769350

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_calibration'
down_revision = '0005_rubric'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calibration_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('closed_at IS NOT NULL OR close_reason IS NULL', name=op.f('ck_calibration_rounds_reason_only_when_closed')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_calibration_rounds_closed_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_calibration_rounds_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_calibration_rounds_started_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_rounds')),
    sa.UniqueConstraint('competition_id', name=op.f('uq_calibration_rounds_competition_id'))
    )
    op.create_table('calibration_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('applicant_name', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('applicant_prior_tasks', sa.Boolean(), nullable=True),
    sa.Column('form_data', sa.JSON(), nullable=False),
    sa.CheckConstraint("source IN ('shipped', 'entered')", name=op.f('ck_calibration_samples_known_source')),
    sa.CheckConstraint('position >= 1 AND position <= 2', name=op.f('ck_calibration_samples_position_in_range')),
    sa.ForeignKeyConstraint(['round_id'], ['calibration_rounds.id'], name=op.f('fk_calibration_samples_round_id_calibration_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_samples')),
    sa.UniqueConstraint('round_id', 'position', name=op.f('uq_calibration_samples_round_id_position'))
    )
    with op.batch_alter_table('calibration_samples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_samples_round_id'), ['round_id'], unique=False)

    op.create_table('calibration_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rubric_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status = 'draft' OR submitted_at IS NOT NULL", name=op.f('ck_calibration_cards_submitted_has_time')),
    sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f('ck_calibration_cards_known_status')),
    sa.ForeignKeyConstraint(['sample_id'], ['calibration_samples.id'], name=op.f('fk_calibration_cards_sample_id_calibration_samples'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calibration_cards_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_cards')),
    sa.UniqueConstraint('sample_id', 'user_id', name=op.f('uq_calibration_cards_sample_id_user_id'))
    )
    with op.batch_alter_table('calibration_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_cards_sample_id'), ['sample_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calibration_cards_user_id'), ['user_id'], unique=False)

    op.create_table('calibration_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=20), nullable=False),
    sa.Column('points', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('max_points', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('not_applicable', sa.Boolean(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.CheckConstraint('NOT (not_applicable AND points IS NOT NULL)', name=op.f('ck_calibration_scores_not_applicable_has_no_points')),
    sa.CheckConstraint('max_points > 0', name=op.f('ck_calibration_scores_max_positive')),
    sa.CheckConstraint('points IS NULL OR (points >= 0 AND points <= max_points)', name=op.f('ck_calibration_scores_points_within_max')),
    sa.ForeignKeyConstraint(['card_id'], ['calibration_cards.id'], name=op.f('fk_calibration_scores_card_id_calibration_cards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_scores')),
    sa.UniqueConstraint('card_id', 'criterion_id', name=op.f('uq_calibration_scores_card_id_criterion_id'))
    )
    with op.batch_alter_table('calibration_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_scores_card_id'), ['card_id'], unique=False)



def downgrade():
    with op.batch_alter_table('calibration_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_scores_card_id'))

    op.drop_table('calibration_scores')
    with op.batch_alter_table('calibration_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_cards_user_id'))
        batch_op.drop_index(batch_op.f('ix_calibration_cards_sample_id'))

    op.drop_table('calibration_cards')
    with op.batch_alter_table('calibration_samples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_samples_round_id'))

    op.drop_table('calibration_samples')
    op.drop_table('calibration_rounds')
