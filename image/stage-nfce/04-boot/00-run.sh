#!/bin/bash -e
# Firmware and kernel command line: UART for the technician console, status LEDs, optional RTC,
# initramfs for overlayroot, read-only root.
# shellcheck source=SCRIPTDIR/../defaults.sh
. "$(dirname "$0")/../defaults.sh"
: "${ROOTFS_DIR:?pi-gen sets ROOTFS_DIR}"
boot="${ROOTFS_DIR}/boot/firmware"
config="${boot}/config.txt"
cmdline="${boot}/cmdline.txt"

if ! grep -q '^# --- nfce-kiosk ---' "${config}"; then
  sed -e "s/@LED_ONLINE@/${NFCE_LED_ONLINE_GPIO}/" \
    -e "s/@LED_CONTINGENCY@/${NFCE_LED_CONTINGENCY_GPIO}/" \
    -e "s/@LED_FAULT@/${NFCE_LED_FAULT_GPIO}/" files/config-nfce.txt >> "${config}"
  if [ "${NFCE_RTC}" = 1 ]; then
    printf 'dtparam=i2c_arm=on\ndtoverlay=i2c-rtc,ds3231\n' >> "${config}"
  fi
fi

# The UART belongs to the technician console: no kernel console there (it would interleave kernel
# messages with the console's output). Then the overlay root, set here, not at first boot.
line="$(head -n 1 "${cmdline}")"
line="$(printf '%s' "${line}" | sed -E 's/(^| )console=(serial0|ttyAMA0|ttyS0),[0-9]+//g; s/(^| )overlayroot=[^ ]*//g; s/^ +//')"
printf '%s overlayroot=tmpfs:recurse=0\n' "${line}" > "${cmdline}"
