"""The documentation pages: a package only so that docs/conftest.py and tests/conftest.py
do not both import as the module `conftest`."""
