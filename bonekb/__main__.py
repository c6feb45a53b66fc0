"""`python -m bonekb` runs the command line."""

from bonekb.cli.main import main

main()
