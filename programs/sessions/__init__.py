"""The one session model every component schedules with: series that repeat by
an RFC 5545 rule, and the sessions materialised from them on a rolling horizon."""
