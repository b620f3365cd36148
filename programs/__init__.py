"""The domain: one subpackage per subdomain (org, programmes, coaching,
mentoring, groups, feedback, arenas, sessions, reports), each with its models,
services and selectors."""
