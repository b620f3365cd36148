"""The anonymity engine: the one module every aggregate goes through, in every
path (API, pages, exports, reports).

How to call it
    Django code: ``services.publish_subject(subject=..., answers=[Answer(...)],
    filters=[Filter(...)])``. It reads the tenant's threshold now
    (``selectors.anonymity_threshold``), the organisation tree
    (``selectors.org_tree``) and the subject's ledger, under a lock per
    subject, and returns a ``cells.Publication``. The pure core underneath is
    ``engine.publish(answers, tree=, threshold=, filters=, ledger=)``: no
    database, for tests and benchmarks. A subject is one measure (one rating
    question, or one free-text question) of one round or assessment, say
    "feedback-round:<id>:q3"; a view picks cells from its publication and never
    publishes a subset of the answers itself.

What it guarantees, with k the tenant's threshold (default 5, never below 3)
    1. A cell (the whole, a unit with its subtree, a declared filter) is shown
       only if at least k distinct people answered in it. A unit of fewer is
       not shown; its answers count in its ancestors' cells, and the cell says
       which shown ancestor it rolled up into.
    2. No figure that can be computed by adding and subtracting shown figures
       covers 1..k-1 people. The engine keeps the strongest form: every atom
       (the people who lie in exactly the same shown cells) is empty or has at
       least k people. Any sum or difference of cells covers whole atoms, so
       this implies 1., and that any two shown cells differ by 0 or at least k
       people (a unit and its parent, two overlapping filters). Pairwise checks
       alone are not enough: a parent of 11 with two shown children of 5 gives
       away its 11th person although every pair differs by 5 or more.
    3. Free text appears only in shown cells, sorted (never in the order of
       answering), never with its author; its author is one of the atom's k or
       more people.
    4. Across time (the ledger): every version of every cell ever shown is
       kept, as its people's tokens (``ledger.respondent_token``, a per-subject
       digest; no ids). A cell whose people changed by fewer than k since its
       last shown version keeps showing that version, marked ``held`` (a late
       answer), or is hidden (``Reason.CHANGED``) if someone in it withdrew.
       Each publication, with k the threshold in force when it is made, keeps
       1.-3. on its own and, taken together with every version shown before
       (whatever their threshold or filters; people who have withdrawn since
       count as in the versions that held them), every atom of them all is
       empty, has at least k people, or is exactly the same people as an atom
       of the earlier versions alone. So no publication tells apart a group of
       1..k-1 people that was not told apart already, and every group ever
       told apart has at least the threshold in force when it first was: never
       fewer than the smallest threshold the subject was published under.
       Before and after a late answer or a withdrawal, at two thresholds,
       through two sets of filters: no subtraction gives away fewer than that.
    5. The threshold is read at publication time, and nothing is stored
       already anonymised: raising it applies to every view at once, closed
       rounds included. What was shown under a lower threshold cannot be taken
       back: a higher one hides every cell and group smaller than it in what
       is shown from then on, and keeps what is new from being subtracted from
       what was shown before into anything smaller than it; a lower one lets
       new figures tell apart groups down to the lower threshold.

How it decides (deterministic)
    First every cell of fewer than k people is hidden (``TOO_FEW``). Then,
    while some atom is too small, it hides one more cell (``DIFFERENCING``):
    of the cells whose hiding merges that atom with a neighbour (the cells
    containing it, and the nearest shown cells next to it), the smallest;
    among equals a filter before a unit before the whole, then by key. So a
    parent of 6 with a child of 5 shows the parent and rolls the child into
    it: the higher level survives, one small child per parent goes. With a
    ledger an atom split from an earlier one is mended first, and only by
    hiding cells that would show a version not shown before: what was shown
    stays (held) and what is new goes.

What callers must do
    Pass one answer per respondent per subject, and keep answers immutable
    once given (a changed answer with the same people would change a figure
    that the ledger sees as the same set). Declare filters with the subject;
    a viewer's ad-hoc cut is still checked against the ledger, but each one
    recorded narrows what later ones may show. A distribution of a cell whose
    k people all gave the same rating still shows that rating (the engine
    hides small groups, not unanimous ones).
"""
