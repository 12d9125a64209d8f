"""The main window: areas, shortcuts, title, and editing the directory with the keyboard."""

from PySide6.QtCore import QSettings, Qt

from giaoban.core.services import directory
from giaoban.ui.pages import AREAS
from tests.qt_helpers import type_text


def test_window_shows_areas_in_vietnamese_and_switches_with_ctrl_digits(window, qtbot):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Giao ban", "Tâm tư – kiến nghị", "Nhiệm vụ theo dõi", "Tổng quan", "Danh bạ"]
    for index, area in enumerate(AREAS, start=1):
        qtbot.keyClick(window, Qt.Key.Key_0 + index, Qt.KeyboardModifier.ControlModifier)
        assert window.nav.currentRow() == index - 1
        assert window.windowTitle().startswith(window.nav.item(index - 1).text())
        assert "giaoban-test.db" in window.windowTitle()
        assert window.stack.currentWidget().widget() is window.pages[area.key]  # in its scroll area
    assert window.width() <= 1366 and window.height() <= 768


def test_window_remembers_geometry(window, qtbot):
    window.resize(1000, 650)
    window.close()
    assert QSettings().value("window/geometry") is not None


def test_directory_lists_seeded_bodies_and_adds_one_with_keyboard(window, qtbot, ctx):
    page = window.show_area("directory")
    orgs = page.orgs
    assert orgs.model.rowCount() == len(directory.list_organizations(ctx))
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.org_name.hasFocus()
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.org_errors.message("name")  # blank name explained under the field
    type_text(page.org_name, "Hội Người cao tuổi tỉnh")
    type_text(page.org_abbr, "NCT")
    assert page.has_unsaved_changes()
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.has_unsaved_changes()
    names = [o.name for o in directory.list_organizations(ctx)]
    assert "Hội Người cao tuổi tỉnh" in names
    assert orgs.selected().name == "Hội Người cao tuổi tỉnh"


def test_directory_search_ignores_marks_and_counts(window, qtbot):
    page = window.show_area("directory")
    page.focus_search()
    type_text(page.orgs.filters.search, "hoi nong")
    page.orgs.filters.flush()
    assert page.orgs.proxy.rowCount() == 1
    assert page.orgs.filters.count_label.text() == f"Hiển thị 1 / {page.orgs.model.rowCount()}"
    page.orgs.filters.clear()
    assert page.orgs.proxy.rowCount() == page.orgs.model.rowCount()


def test_edit_person_and_deactivate(window, qtbot, ctx):
    person = directory.create_person(ctx, full_name="Nguyễn Văn An", title="Chuyên viên")
    page = window.show_area("directory")
    page.refresh()
    page.tabs.setCurrentWidget(page.people)
    page.people.select_id(person.id)
    assert page.person_name.text() == "Nguyễn Văn An"
    page.person_title.clear()
    type_text(page.person_title, "Trưởng phòng")
    assert page.save()
    assert directory.get_person(ctx, person.id).title == "Trưởng phòng"
    page.people.select_id(person.id)
    page.toggle_action.trigger()
    assert directory.get_person(ctx, person.id).active is False


def test_switching_area_with_unsaved_edits_asks(window, qtbot, monkeypatch):
    from giaoban.ui.dialogs import ask

    page = window.show_area("directory")
    page.new_item()
    type_text(page.org_name, "Đơn vị tạm")
    asked = []
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: asked.append(a) or ask.Choice.CANCEL)
    window.show_area("briefings")
    assert asked and window.nav.currentRow() == 4  # stayed on the directory
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)
    window.show_area("briefings")
    assert window.nav.currentRow() == 0


def test_first_run_welcome_saves_names_or_loads_demo(qtbot, tmp_path, monkeypatch):
    from giaoban.core.services import settings as settings_service
    from giaoban.core.startup import open_context
    from giaoban.ui.app import create_application
    from giaoban.ui.main_window import MainWindow

    create_application()
    ctx = open_context(tmp_path / "first.db")
    try:
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda: getattr(win, "_welcome", None) is not None)
        dialog = win._welcome
        assert dialog.isVisible()
        assert getattr(win, "startup_backup_job", None) is None  # nothing to back up yet
        dialog.committee.clear()
        dialog.start_button.click()
        assert dialog.isVisible() and dialog.errors.message("committee_name")
        type_text(dialog.committee, "TỈNH ỦY")
        dialog.province.clear()
        type_text(dialog.province, "Hà Tĩnh")
        dialog.start_button.click()
        assert not dialog.isVisible()
        assert settings_service.get_setting(ctx, "province") == "Hà Tĩnh"
    finally:
        ctx.db.dispose()
    ctx = open_context(tmp_path / "first.db")  # an existing database: no welcome
    try:
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        qtbot.wait(50)
        assert getattr(win, "_welcome", None) is None
    finally:
        ctx.db.dispose()


def test_welcome_can_load_demo_data(qtbot, tmp_path):
    from giaoban.core.services import directory
    from giaoban.core.startup import open_context
    from giaoban.ui.app import create_application
    from giaoban.ui.main_window import MainWindow

    create_application()
    ctx = open_context(tmp_path / "first.db")
    try:
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda: getattr(win, "_welcome", None) is not None)
        win._welcome.demo_button.click()
        assert len(directory.list_people(ctx)) >= 20
    finally:
        ctx.db.dispose()


def test_directory_lists_bodies_in_the_office_order(window):
    page = window.show_area("directory")
    shown = [page.orgs.proxy.index(r, 1).data() for r in range(page.orgs.proxy.rowCount())]
    assert shown[0] == "Thường trực Tỉnh ủy"
    assert shown == [o.name for o in page.orgs.model.rows()]


def test_delete_key_is_routed_to_the_current_page(window, qtbot, monkeypatch):
    page = window.show_area("directory")
    calls = []
    monkeypatch.setattr(page, "delete_selected", lambda: calls.append(1))
    page.orgs.view.setFocus()
    qtbot.keyClick(page.orgs.view, Qt.Key.Key_Delete)
    assert calls == [1]


def test_history_describes_changes_in_vietnamese(ctx):
    from giaoban.core.services.history import history_of
    from giaoban.ui.widgets.history_panel import describe_changes

    person = directory.create_person(ctx, full_name="Lê Văn Tám", title="Chuyên viên")
    directory.update_person(ctx, person.id, title="Phó Trưởng phòng", active=False)
    text = describe_changes(history_of(ctx, "person", person.id)[0])
    assert "Chức vụ: Chuyên viên → Phó Trưởng phòng" in text
    assert "Hoạt động: có → không" in text


def test_history_names_linked_records(ctx):
    from giaoban.core.services.history import history_of
    from giaoban.ui.widgets.history_panel import describe_changes

    orgs = {o.abbreviation: o for o in directory.list_organizations(ctx)}
    person = directory.create_person(ctx, full_name="Lê Văn Tám", organization_id=orgs["HND"].id)
    directory.update_person(ctx, person.id, organization_id=orgs["CCB"].id)
    text = describe_changes(history_of(ctx, "person", person.id)[0])
    assert "Hội Nông dân tỉnh → Hội Cựu chiến binh tỉnh" in text


def test_settings_esc_asks_before_dropping_typed_values(window, qtbot, monkeypatch, ctx):
    from giaoban.core.services import settings as settings_service
    from giaoban.ui.dialogs import ask
    from giaoban.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editors["province"].clear()
    type_text(dialog.editors["province"], "Hà Nam")
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.CANCEL)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.SAVE)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert settings_service.get_setting(ctx, "province") == "Hà Nam"
