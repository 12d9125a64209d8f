"""Writing output files whole or not at all: through a temporary file beside the target."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from giaoban.core.errors import GiaobanError
from giaoban.i18n import _


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target.

    A failure or a cancel leaves no partial file and an older target untouched. The result is
    readable like any shared document (0644, or the mode of the file it replaces), not private
    as mkstemp makes it.
    """
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}",
                                dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        if not temp.exists() or temp.stat().st_size == 0:
            raise GiaobanError(_("Không ghi được tệp “{name}”.").format(name=target.name))
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
    except OSError as exc:
        raise GiaobanError(
            _("Không ghi được tệp “{path}”: {reason}").format(
                path=target, reason=exc.strerror or exc)
        ) from exc
    finally:
        temp.unlink(missing_ok=True)
