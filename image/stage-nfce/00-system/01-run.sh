#!/bin/bash -e
# Host side: system configuration files into the root filesystem.
# shellcheck source=SCRIPTDIR/../defaults.sh
. "$(dirname "$0")/../defaults.sh"
: "${ROOTFS_DIR:?pi-gen sets ROOTFS_DIR}"

install -D -m 644 files/nftables.conf "${ROOTFS_DIR}/etc/nftables.conf"
if [ -n "${NFCE_SSH_ADMIN_NET}" ]; then
  # The only way in: SSH from the management network given at build time.
  family=ip
  case "${NFCE_SSH_ADMIN_NET}" in *:*) family=ip6 ;; esac
  sed -i "s|^\(\s*\)# NFCE_SSH_ADMIN_NET$|\1tcp dport 22 ${family} saddr ${NFCE_SSH_ADMIN_NET} accept|" \
    "${ROOTFS_DIR}/etc/nftables.conf"
fi
install -D -m 644 files/sshd-nfce.conf "${ROOTFS_DIR}/etc/ssh/sshd_config.d/10-nfce.conf"
install -D -m 644 files/journald-nfce.conf "${ROOTFS_DIR}/etc/systemd/journald.conf.d/10-nfce.conf"
install -D -m 644 files/timesyncd-nfce.conf "${ROOTFS_DIR}/etc/systemd/timesyncd.conf.d/10-nfce.conf"
install -D -m 644 files/tmpfiles-nfce-kiosk.conf "${ROOTFS_DIR}/usr/lib/tmpfiles.d/nfce-kiosk.conf"
install -D -m 644 files/overlayroot.local.conf "${ROOTFS_DIR}/etc/overlayroot.local.conf"

# Units and udev rules come from the repository's systemd/ folder (copied here by build-image.sh).
for unit in files/units/*.service; do
  install -D -m 644 "${unit}" "${ROOTFS_DIR}/etc/systemd/system/$(basename "${unit}")"
done
install -D -m 644 files/units/70-nfce-kiosk.rules "${ROOTFS_DIR}/etc/udev/rules.d/70-nfce-kiosk.rules"
# The updater (docs/updates.md) lives in the root filesystem, outside the releases it switches.
install -D -m 755 files/nfce-kiosk-update "${ROOTFS_DIR}/usr/local/sbin/nfce-kiosk-update"

# The data partition (label NFCE-DATA, appended by add-data-partition.sh) holds the journal, the
# configuration and the app releases. nofail: a missing partition must not stop SSH from coming up;
# the service itself refuses to start without it (RequiresMountsFor).
if ! grep -q 'NFCE-DATA' "${ROOTFS_DIR}/etc/fstab"; then
  printf 'LABEL=NFCE-DATA  /var/lib/nfce-kiosk  ext4  defaults,noatime,nofail,x-systemd.device-timeout=30s  0  2\n' \
    >> "${ROOTFS_DIR}/etc/fstab"
fi
# /boot/firmware read-only as well (raspi-config enable_bootro does the same).
sed -i -E 's|^(\S+\s+/boot/firmware\s+vfat\s+)defaults(\S*)|\1defaults,ro\2|' "${ROOTFS_DIR}/etc/fstab"
install -d -m 755 "${ROOTFS_DIR}/var/lib/nfce-kiosk"
