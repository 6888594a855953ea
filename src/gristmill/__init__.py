"""gristmill: turn raw scraped web text into clean, deduplicated, auditable corpora."""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("gristmill")
except _PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

from gristmill.config import RunConfig, load_config  # noqa: E402
from gristmill.document import Decision, Document, Edit, replay  # noqa: E402
from gristmill.errors import GristmillError  # noqa: E402
from gristmill.pipeline import Pipeline  # noqa: E402
from gristmill.runner import run  # noqa: E402

__all__ = [
    "Decision",
    "Document",
    "Edit",
    "GristmillError",
    "Pipeline",
    "RunConfig",
    "__version__",
    "load_config",
    "replay",
    "run",
]
