"""The documentation pages; a package only so that its conftest does not clash with the tests' one."""
