"""Programmes that tie the individual, group and organisation levels together:
the template library, programmes, their target population and enrolments."""
