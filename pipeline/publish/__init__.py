"""The publish stage: Datasette metadata, the timeline plugin, renderers, serve and export.

`build_metadata(database)` is the one place the Datasette configuration comes from; the plugin
(`pipeline.publish.plugin`) is registered through the `datasette` entry point.
"""

from pipeline.publish.metadata import build_config, build_metadata

__all__ = ["build_metadata", "build_config"]
