#!/bin/bash
# Build choices for the kiosk stage. build-image.sh writes nfce-build.env next to this file;
# without it (opt-in chroot test) these defaults apply. Sourced by the substage scripts.
# shellcheck disable=SC2034
NFCE_UI=0              # 1: touchscreen model (cage + Chromium, needs a Pi 4/5 with >= 2 GB)
NFCE_RTC=0             # 1: DS3231 RTC on I2C (dtoverlay=i2c-rtc,ds3231)
NFCE_SSH_ADMIN_NET=""  # e.g. "10.20.0.0/24": the only network that may reach SSH ("" = SSH closed)
NFCE_UID=990           # fixed ids: the data partition keeps its ownership across images
NFCE_UI_UID=991
NFCE_LED_ONLINE_GPIO=17
NFCE_LED_CONTINGENCY_GPIO=27
NFCE_LED_FAULT_GPIO=22
here="$(dirname "${BASH_SOURCE[0]}")"
if [ -f "${here}/nfce-build.env" ]; then
  # shellcheck source=/dev/null
  . "${here}/nfce-build.env"
fi
