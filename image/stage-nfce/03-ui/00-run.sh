#!/bin/bash -e
# Touchscreen models only (NFCE_UI=1): cage + Chromium and the UI unit. Headless models skip it.
# shellcheck source=SCRIPTDIR/../defaults.sh
. "$(dirname "$0")/../defaults.sh"
if [ "${NFCE_UI}" != 1 ]; then
  echo "03-ui: headless model, skipped"
  exit 0
fi
on_chroot <<'CHROOT'
apt-get install -y --no-install-recommends cage chromium fonts-dejavu-core
systemctl enable nfce-kiosk-ui.service
systemctl set-default graphical.target
CHROOT
