"""The migration folder keeps the shape start-up relies on: one line of numbered revisions."""

from alembic.config import Config
from alembic.script import ScriptDirectory

from tvarka.adapters.db.migrate import MIGRATIONS, VERSIONS, head_revision


def test_revisions_form_one_numbered_line_whose_head_is_the_highest_file() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [head_revision()]
    files = sorted(p.stem for p in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    previous = None
    for stem in files:
        revision = script.get_revision(stem)
        assert revision is not None, f"{stem}.py must declare revision = {stem!r}"
        assert revision.down_revision == previous, f"{stem} must revise {previous}"
        previous = stem
