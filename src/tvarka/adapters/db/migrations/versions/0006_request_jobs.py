"""request jobs: the execution job that carries out a request's decision

Revision ID: 0006_request_jobs
Revises: 0005_requests
Create Date: 2026-11-23 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_request_jobs'
down_revision: str | None = '0005_requests'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('dsr_requests') as batch:
        batch.add_column(sa.Column('job_id', sa.String(length=32), nullable=True))
        batch.create_foreign_key('fk_dsr_requests_job_id_execution_jobs', 'execution_jobs',
                                 ['job_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('dsr_requests') as batch:
        batch.drop_constraint('fk_dsr_requests_job_id_execution_jobs', type_='foreignkey')
        batch.drop_column('job_id')
