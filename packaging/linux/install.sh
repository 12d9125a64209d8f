#!/bin/sh
# Install (or with --uninstall remove) giaoban for the current user from this unpacked folder:
# the program under ~/.local/lib/giaoban, the command ~/.local/bin/giaoban, and the menu entry,
# icons and AppStream metadata under ~/.local/share. No root needed. The user's data
# (~/.local/share/giaoban) is never touched.
#
# Honours XDG_DATA_HOME and, for tests or other layouts, GIAOBAN_PREFIX (default ~/.local).
set -eu

APP_ID=vn.gov.dangbo.giaoban
PREFIX=${GIAOBAN_PREFIX:-$HOME/.local}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
LIB=$PREFIX/lib/giaoban
BIN=$PREFIX/bin
HERE=$(cd "$(dirname "$0")" && pwd)
SIZES="16 22 24 32 48 64 128 256 512"

refresh_caches() {
    command -v update-desktop-database >/dev/null 2>&1 &&
        update-desktop-database -q "$DATA/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 &&
        gtk-update-icon-cache -q -t "$DATA/icons/hicolor" 2>/dev/null || true
}

uninstall() {
    rm -f "$BIN/giaoban" "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
    for size in $SIZES; do
        rm -f "$DATA/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    rm -f "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
    rm -rf "$LIB"
    refresh_caches
    echo "giaoban removed (your data in $DATA/giaoban is kept)."
}

install() {
    if [ ! -x "$HERE/giaoban" ]; then
        echo "install.sh: run it from the unpacked giaoban folder (giaoban not found in $HERE)" >&2
        exit 1
    fi
    if [ "$HERE" != "$LIB" ]; then
        rm -rf "$LIB"
        mkdir -p "$(dirname "$LIB")"
        cp -R "$HERE" "$LIB"
    fi
    mkdir -p "$BIN" "$DATA/applications" "$DATA/metainfo"
    ln -sf "$LIB/giaoban" "$BIN/giaoban"
    # Absolute Exec/TryExec: ~/.local/bin is not on every desktop session's PATH.
    sed -e "s|^Exec=giaoban|Exec=$LIB/giaoban|" -e "s|^TryExec=giaoban|TryExec=$LIB/giaoban|" \
        "$HERE/share/applications/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
    cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
    for size in $SIZES scalable; do
        if [ "$size" = scalable ]; then dir=scalable; ext=svg; else dir=${size}x${size}; ext=png; fi
        mkdir -p "$DATA/icons/hicolor/$dir/apps"
        cp "$HERE/share/icons/hicolor/$dir/apps/$APP_ID.$ext" "$DATA/icons/hicolor/$dir/apps/"
    done
    refresh_caches
    echo "giaoban installed: menu entry \"Giao ban dân vận\", command $BIN/giaoban"
}

case "${1:-}" in
    --uninstall) uninstall ;;
    "") install ;;
    *) echo "usage: install.sh [--uninstall]" >&2; exit 2 ;;
esac
