"""Maps the top-level folders onto the single import name ``spiral``.

The folders stay at the repository root (see ../shared/design/ARCHITECTURE.md),
but everything imports as ``spiral.<folder>``. ``platform/`` deliberately has no
``__init__.py``: a regular package of that name at a sys.path root would shadow
the standard library's ``platform`` module.
"""

from setuptools import find_namespace_packages, setup

PRODUCT_FOLDERS = ("platform", "tenants", "programs", "workers", "api")

packages = ["spiral"] + [
    f"spiral.{name}"
    for name in find_namespace_packages(
        include=[f"{folder}" for folder in PRODUCT_FOLDERS]
        + [f"{folder}.*" for folder in PRODUCT_FOLDERS]
    )
]

setup(
    package_dir={"spiral": "."},
    packages=packages,
    include_package_data=True,
    # Every app's templates and static files, and the translations, wherever
    # the app lives (a test installs the package and looks for each file).
    package_data={"": ["templates/**/*", "static/**/*", "locale/*/LC_MESSAGES/*"]},
)
