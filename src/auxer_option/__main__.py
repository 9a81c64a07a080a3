"""``python -m auxer_option``: a report on a grant (see ``--help``)."""

from auxer_option._cli import main

raise SystemExit(main())
