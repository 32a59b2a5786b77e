"""Package discovery that pyproject.toml cannot express on its own.

Every module under src/ is found automatically (a new subpackage can never be left
out again), and theme/, which lives at the repository root, ships inside the package
as `memorybook.theme` with each of its folders (templates, CSS, fonts) as package data.
"""

from setuptools import find_namespace_packages, setup

_THEME = "theme"
_THEME_PACKAGE = "memorybook.theme"

theme_packages = [_THEME_PACKAGE] + [
    f"{_THEME_PACKAGE}.{name}" for name in find_namespace_packages(_THEME)
]

setup(
    packages=find_namespace_packages("src", include=["memorybook", "memorybook.*"])
    + theme_packages,
    package_dir={"": "src", _THEME_PACKAGE: _THEME},
    # "*" in each package folder: the theme's templates, styles, scripts, fonts; py.typed.
    package_data={name: ["*"] for name in ["memorybook", *theme_packages]},
)
