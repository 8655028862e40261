"""``python -m moroccous_data`` runs the command line."""

from .cli import main

main()
