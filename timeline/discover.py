"""Finding event files: the walk of events/, and the rules for file names (ids)."""

from __future__ import annotations

import os
from pathlib import Path

from timeline.buildstate import Found, Walk, listed
from timeline.model import ID_MAX, ID_PATTERN, RESERVED_IDS, suggest_id
from timeline.problems import Position, Problems, display_path

EXTENSION = ".yaml"
MEDIA_DIR = "media"


def discover(root: Path, events_dir: Path, problems: Problems) -> list[Path]:
    """All event files under events/, sorted; symlinks and stray files reported."""
    return [Path(entry.path) for entry in event_entries(root, events_dir, problems)]


def event_entries(
    root: Path, events_dir: Path, problems: Problems, walk: Walk | None = None
) -> list[Found]:
    """`discover`'s files as the entries that name them. `walk` holds the folders an
    earlier walk of events/ read (`buildstate.inputs_key`'s): each file's entry keeps the
    stat that walk took, so a build stats each file once. Each folder is taken from the
    walk as it is visited: a walk serves once, and its entries are not held for the rest
    of the build (those of 100,000 files take 50 MB)."""
    found: list[Found] = []

    def at(path: str) -> Position:  # made only for a problem: most files have none
        return Position(display_path(path, root))

    def visit(folder: str, media: bool = False) -> None:
        """Gather the event files of `folder`; in events/media/ (`media`), report any."""
        entries = walk.folders.pop(folder, None) if walk is not None else None
        if entries is None:
            try:
                entries = listed(folder)
            except OSError as exc:
                problems.error(
                    at(folder),
                    f"cannot read this folder: {exc.strerror}",
                    "check the folder's permissions",
                )
                return
        for entry in entries:
            path = entry.path
            if media:  # pictures, checked when an event names them; an event file is lost
                if entry.kind == "dir":
                    visit(path, media)
                elif entry.kind == "file" and entry.name.lower().endswith((EXTENSION, ".yml")):
                    problems.error(
                        at(path),
                        f"an event file in events/{MEDIA_DIR}/ is never read",
                        f"events/{MEDIA_DIR}/ holds pictures; move the event to events/YYYY/",
                    )
            elif entry.kind == "link":
                problems.error(
                    at(path),
                    "symbolic links are not allowed in events/",
                    "replace the link with the file itself",
                )
            elif entry.kind == "dir":
                if not entry.name.startswith("."):
                    visit(path, folder == top and entry.name == MEDIA_DIR)
            elif entry.kind != "file":
                problems.error(
                    at(path),
                    "not a regular file (a pipe, socket or device)",
                    "remove it from events/",
                )
            elif entry.name.endswith(EXTENSION):
                found.append(entry)
            elif entry.name.endswith(".yml"):
                problems.error(
                    at(path),
                    "event files end in .yaml, not .yml",
                    f"rename it to {entry.name[:-4]}{EXTENSION}",
                )
            elif entry.name.lower().endswith((EXTENSION, ".yml")):
                problems.error(
                    at(path),
                    f"event files end in {EXTENSION}, in lower case",
                    f"rename it to {entry.name.rsplit('.', 1)[0]}{EXTENSION}",
                )
            elif not entry.name.startswith("."):
                problems.warning(
                    at(path),
                    "not an event file (.yaml); it is ignored",
                    "move it out of events/ (pictures go in events/media/)",
                )

    top = os.fspath(events_dir)
    visit(top)
    return found


def check_id(stem: str, pos: Position, problems: Problems, raw: str | None = None) -> None:
    suggestion = suggest_id(raw if raw is not None else stem)
    if suggestion in RESERVED_IDS:
        suggestion += "-event"
    hint = (
        f"rename the file to {suggestion}{EXTENSION}"
        if suggestion
        else "name the file after the event, e.g. 2019-01-23-guaido-sworn-in.yaml"
    )
    if not ID_PATTERN.fullmatch(stem):
        problems.error(
            pos,
            f"the file name '{stem}' is not a valid id: use lowercase a-z, digits and "
            "single hyphens between them",
            hint,
        )
    elif len(stem) > ID_MAX:
        problems.error(
            pos,
            f"the id is {len(stem)} characters long; the limit is {ID_MAX}",
            "shorten the file name; it becomes the event's web address",
        )
    elif stem in RESERVED_IDS:
        problems.error(
            pos,
            f"'{stem}' is a reserved device name on Windows and cannot be an id",
            f"rename the file, e.g. to {stem}-event{EXTENSION}",
        )
