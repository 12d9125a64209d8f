"""The areas of the main window, in navigation order (Ctrl+1 … Ctrl+5).

Each area makes its page with a function that imports the page's module when the area is first
shown, so start-up loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from giaoban.i18n import N_

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from giaoban.core.context import AppContext
    from giaoban.ui.widgets.page import Page


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # Vietnamese msgid, translated when shown
    icon: str
    create: Callable[[AppContext, QWidget], Page]  # the page, given the context and the window


def _briefings(ctx: AppContext, window: QWidget) -> Page:
    from giaoban.ui.pages.briefings import BriefingsPage

    return BriefingsPage(ctx, window)


def _aspirations(ctx: AppContext, window: QWidget) -> Page:
    from giaoban.ui.pages.aspirations import AspirationsPage

    return AspirationsPage(ctx, window)


def _tasks(ctx: AppContext, window: QWidget) -> Page:
    from giaoban.ui.pages.tasks import TasksPage

    return TasksPage(ctx, window)


def _overview(ctx: AppContext, window: QWidget) -> Page:
    from giaoban.ui.pages.overview import OverviewPage

    return OverviewPage(ctx, window)


def _directory(ctx: AppContext, window: QWidget) -> Page:
    from giaoban.ui.pages.directory import DirectoryPage

    return DirectoryPage(ctx, window)


AREAS: tuple[Area, ...] = (
    Area("briefings", N_("Giao ban"), "briefing", _briefings),
    Area("aspirations", N_("Tâm tư – kiến nghị"), "aspiration", _aspirations),
    Area("tasks", N_("Nhiệm vụ theo dõi"), "task", _tasks),
    Area("overview", N_("Tổng quan"), "overview", _overview),
    Area("directory", N_("Danh bạ"), "directory", _directory),
)
