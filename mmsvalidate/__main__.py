"""``python -m mmsvalidate``."""

from mmsvalidate.cli import main

main()
