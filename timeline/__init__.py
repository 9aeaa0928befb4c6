"""timeline: a static site generator for sourced news chronologies.

One YAML file per event in, a checked, accessible, static chronology out; see README.md.
The command line is `timeline.cli.main` (also `python build.py` and the `timeline` command).
"""
