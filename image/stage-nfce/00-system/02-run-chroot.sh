#!/bin/bash -e
# Inside the arm64 chroot: accounts, services, swap, initramfs for overlayroot.
# Ids are fixed (defaults.sh, copied in by 00-run.sh) so the data partition keeps its ownership
# across images.
# shellcheck source=/dev/null
. /tmp/nfce-defaults.sh

getent group gpio >/dev/null || groupadd --system gpio
getent group nfce >/dev/null || groupadd --system --gid "${NFCE_UID}" nfce
if ! id nfce >/dev/null 2>&1; then
  useradd --system --uid "${NFCE_UID}" --gid nfce --groups dialout,gpio,input,lp \
    --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin nfce
fi
if [ "${NFCE_UI}" = 1 ] && ! id nfce-ui >/dev/null 2>&1; then
  useradd --system --uid "${NFCE_UI_UID}" --user-group --groups video,render,input \
    --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin nfce-ui
fi

# The configuration lives on the data partition (the root is a tmpfs overlay at run time).
if [ ! -L /etc/nfce-kiosk ]; then
  rm -rf /etc/nfce-kiosk
  ln -s /var/lib/nfce-kiosk/config /etc/nfce-kiosk
fi
# The running release is chosen by a symlink on the data partition (A/B updates, docs/updates.md).
if [ ! -L /opt/nfce-kiosk ]; then
  rm -rf /opt/nfce-kiosk
  ln -s /var/lib/nfce-kiosk/app/current /opt/nfce-kiosk
fi

systemctl enable nftables.service systemd-timesyncd.service nfce-kiosk.service
# The UART carries the technician console inside nfce-kiosk.service: no login prompt there.
systemctl mask serial-getty@ttyAMA0.service serial-getty@ttyS0.service serial-getty@serial0.service
# disable-bt (config.txt) takes the PL011 from Bluetooth: its UART attach service has nothing to do.
systemctl disable hciuart.service 2>/dev/null || true
# Swap off: SD wear and unpredictable latency (platform-notes §6).
if systemctl list-unit-files dphys-swapfile.service >/dev/null 2>&1; then
  systemctl disable dphys-swapfile.service || true
  apt-get purge -y dphys-swapfile || true
fi
# Unattended upgrades cannot work on an overlay root (changes vanish at reboot): updates are
# installed by nfce-kiosk-update instead.
apt-get purge -y unattended-upgrades 2>/dev/null || true
# ModemManager stays (LTE); the udev rule keeps it away from the POS serial devices.

# overlayroot needs the overlay module in the initramfs, and the firmware must load the initramfs.
grep -qx overlay /etc/initramfs-tools/modules || echo overlay >> /etc/initramfs-tools/modules
update-initramfs -u -k all || echo "warning: update-initramfs failed (expected only in the opt-in chroot test)"
rm -f /tmp/nfce-defaults.sh
