"""The accessibility check every browser test runs on every page it shows:
``assert_accessible(page)``."""

from pathlib import Path

AXE = Path(__file__).parent / "axe" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (one h1, every
# piece of content in a landmark, unique landmarks, heading order, skip link).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
                 .then(results => results.violations.map(v => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)
                 })))""",
        AXE_TAGS,
    )


def assert_accessible(page) -> None:
    """No axe violation (WCAG 2.0/2.1 A, AA, best practices), one h1, a lang,
    and no sideways scrolling at the page's width."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: " + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )
    assert page.locator("h1").count() == 1, f"{page.url}: one h1 per page"
    assert page.locator("html").get_attribute("lang") in {"sv", "en"}
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url}: scrolls sideways by {overflow}px"
