#!/usr/bin/env bash
# Build everything a Linux release needs, from the repository root:
#   dist/specaudit-X.Y.Z-py3-none-any.whl        the wheel (pip install it)
#   dist/specaudit/specaudit                     the PyInstaller one-folder application
#   dist/linux/share/...                         .desktop, metainfo and hicolor icons to install
# and validate the desktop files. Needs: pip install '.[package]' (PyInstaller);
# desktop-file-utils and appstream (Debian packages) for validation.
# Usage: packaging/build.sh [--no-bundle]   (--no-bundle: wheel and desktop files only)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
APP_ID=io.github.specaudit.SpecAudit
bundle=1
for arg in "$@"; do
  case "$arg" in
    --no-bundle) bundle=0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
version=$("$PYTHON" -c 'import re,pathlib; print(re.search(r"__version__ = \"(.+?)\"", pathlib.Path("specaudit/__init__.py").read_text()).group(1))')
echo "== specaudit $version"

echo "== validating desktop entry and AppStream metainfo"
validated=0
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "packaging/linux/$APP_ID.desktop"
  validated=$((validated + 1))
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "packaging/linux/$APP_ID.metainfo.xml"
  validated=$((validated + 1))
fi
[ "$validated" -eq 2 ] || echo "warning: validators missing (apt-get install desktop-file-utils appstream); not validated" >&2

echo "== wheel"
# setuptools reuses build/lib between builds: a stale copy would ship deleted modules.
rm -rf build/lib build/bdist.* ./*.egg-info "dist/specaudit-$version-"*.whl
"$PYTHON" -m pip wheel --no-deps -q -w dist .
wheel="dist/specaudit-$version-py3-none-any.whl"
"$PYTHON" - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ["specaudit/resources/demo/spec/payment-retry.md",
        "specaudit/resources/icons/hicolor/256x256/apps/specaudit.png"]
missing = [n for n in need if n not in names]
if missing:
    sys.exit(f"{sys.argv[1]}: resources missing from the wheel: {missing}")
PY

echo "== desktop integration files"
share=dist/linux/share
rm -rf dist/linux
install -Dm644 "packaging/linux/$APP_ID.desktop" "$share/applications/$APP_ID.desktop"
install -Dm644 "packaging/linux/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
for png in resources/icons/hicolor/*/apps/specaudit.png; do
  install -Dm644 "$png" "$share/icons/${png#resources/icons/}"
done

if [ "$bundle" -eq 1 ]; then
  echo "== PyInstaller one-folder application"
  if ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
    echo "build.sh: PyInstaller is not installed: $PYTHON -m pip install '.[package]'" >&2
    exit 2
  fi
  "$PYTHON" -m PyInstaller --noconfirm --log-level ERROR --distpath dist --workpath build/pyinstaller \
    packaging/specaudit.spec
  got=$(dist/specaudit/specaudit --version)
  [ "$got" = "specaudit $version" ] || { echo "build.sh: bundle says '$got'" >&2; exit 1; }
fi

echo
echo "wheel:       $wheel"
[ "$bundle" -eq 1 ] && echo "application: dist/specaudit/specaudit ($(du -sh dist/specaudit | cut -f1))"
echo "desktop:     $share (copy into /usr/local/share or ~/.local/share)"
