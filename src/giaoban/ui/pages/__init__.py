"""The areas of the main window, in navigation order (Ctrl+1 … Ctrl+5).

Each area names the module and class of its page; a page not written yet shows a plain notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from giaoban.i18n import N_


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # Vietnamese msgid, translated when shown
    icon: str
    module: str
    cls: str


AREAS: tuple[Area, ...] = (
    Area("briefings", N_("Giao ban"), "briefing", "giaoban.ui.pages.briefings", "BriefingsPage"),
    Area("aspirations", N_("Tâm tư – kiến nghị"), "aspiration",
         "giaoban.ui.pages.aspirations", "AspirationsPage"),
    Area("tasks", N_("Nhiệm vụ theo dõi"), "task", "giaoban.ui.pages.tasks", "TasksPage"),
    Area("overview", N_("Tổng quan"), "overview", "giaoban.ui.pages.overview", "OverviewPage"),
    Area("directory", N_("Danh bạ"), "directory", "giaoban.ui.pages.directory", "DirectoryPage"),
)
