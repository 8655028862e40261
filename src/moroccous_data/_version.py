"""The one version source: the package version is the dataset version."""

__version__ = "0.3.0"
