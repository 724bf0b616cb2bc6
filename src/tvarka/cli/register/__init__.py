"""``tvarka ropa`` and ``tvarka findings``: the register on the command line."""
