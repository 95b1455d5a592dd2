#!/bin/bash
# Opt-in check (NFCE_IMAGE_TEST=1 npx vitest run test/platform/image.test.ts): runs the kiosk stage,
# the way pi-gen would, in a debootstrap'd Debian bookworm arm64 root under qemu-user-static. Full
# pi-gen needs archive.raspberrypi.com; this needs only Debian mirrors, nodejs.org's tarball and npm.
# Needs: root, debootstrap, qemu-user-static + binfmt-support (qemu-aarch64 enabled), network,
# NODE_TARBALL and NODE_SHASUMS as for build-image.sh. Takes several minutes.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
node_tarball="${NODE_TARBALL:?NODE_TARBALL: node-v22.*-linux-arm64.tar.xz}"
node_shasums="${NODE_SHASUMS:?NODE_SHASUMS: SHASUMS256.txt}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" = 0 ] || { echo "test-in-arm64-chroot: needs root" >&2; exit 1; }

work="$(mktemp -d /var/tmp/nfce-arm64.XXXXXX)"
export ROOTFS_DIR="${work}/rootfs"
cleanup() {
  for m in dev/pts dev sys proc; do umount "${ROOTFS_DIR}/${m}" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "${work}"
}
trap cleanup EXIT

debootstrap --arch=arm64 --variant=minbase \
  --include=systemd,systemd-sysv,udev,dbus,openssh-server,initramfs-tools,ca-certificates,xz-utils,apt-utils \
  bookworm "${ROOTFS_DIR}" "${mirror}"
[ "$(chroot "${ROOTFS_DIR}" uname -m)" = aarch64 ]

# What pi-gen's earlier stages would have left behind.
mkdir -p "${ROOTFS_DIR}/boot/firmware"
printf 'dtparam=audio=on\n' > "${ROOTFS_DIR}/boot/firmware/config.txt"
printf 'console=serial0,115200 console=tty1 root=PARTUUID=0-02 rootfstype=ext4 rootwait\n' > "${ROOTFS_DIR}/boot/firmware/cmdline.txt"
printf 'PARTUUID=0-01  /boot/firmware  vfat  defaults  0  2\n' > "${ROOTFS_DIR}/etc/fstab"

# The stage, prepared as build-image.sh does.
(cd "${repo}" && npm ci && npm run build)
stage="${work}/stage-nfce"
cp -a "${repo}/image/stage-nfce" "${stage}"
tar -czf "${stage}/02-app/files/nfce-kiosk-app.tar.gz" -C "${repo}" package.json package-lock.json bin dist docs
cp "${node_tarball}" "${node_shasums}" "${stage}/01-node/files/"
mkdir -p "${stage}/00-system/files/units"
cp "${repo}"/systemd/*.service "${repo}"/systemd/*.rules "${stage}/00-system/files/units/"
cp "${repo}/scripts/update/nfce-kiosk-update" "${stage}/00-system/files/"

# pi-gen's helpers, reduced to what the stage uses.
on_chroot() {
  mountpoint -q "${ROOTFS_DIR}/proc" || mount -t proc proc "${ROOTFS_DIR}/proc"
  mountpoint -q "${ROOTFS_DIR}/sys" || mount --bind /sys "${ROOTFS_DIR}/sys"
  mountpoint -q "${ROOTFS_DIR}/dev" || mount --bind /dev "${ROOTFS_DIR}/dev"
  mountpoint -q "${ROOTFS_DIR}/dev/pts" || mount --bind /dev/pts "${ROOTFS_DIR}/dev/pts"
  chroot "${ROOTFS_DIR}" /bin/bash -e "$@"
}
copy_previous() { :; }
export -f on_chroot copy_previous

cp /etc/resolv.conf "${ROOTFS_DIR}/etc/resolv.conf"
(cd "${stage}" && bash -e ./prerun.sh)
for substage in "${stage}"/[0-9][0-9]-*/; do
  for step in 00 01 02 03 04 05 06 07 08 09; do
    if [ -f "${substage}/${step}-packages" ]; then
      on_chroot -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(tr '\n' ' ' < "${substage}/${step}-packages")"
    fi
    if [ -f "${substage}/${step}-run.sh" ]; then
      echo "== $(basename "${substage}")/${step}-run.sh"
      (cd "${substage}" && bash -e "./${step}-run.sh")
    fi
    if [ -f "${substage}/${step}-run-chroot.sh" ]; then
      echo "== $(basename "${substage}")/${step}-run-chroot.sh"
      on_chroot < "${substage}/${step}-run-chroot.sh"
    fi
  done
done

# What the stage must have produced (expanded inside the chroot).
# shellcheck disable=SC2016
on_chroot -c 'node --version | grep -q "^v22\." && id nfce && test "$(readlink /opt/nfce-kiosk)" = /var/lib/nfce-kiosk/app/current'
on_chroot -c 'test -x /usr/lib/nfce-kiosk/factory/bin/nfce-kiosk && systemctl is-enabled nfce-kiosk.service nftables.service'
on_chroot -c 'cd /usr/lib/nfce-kiosk/factory && node --input-type=module -e "await import(\"./dist/cli/main.js\")"'
systemd-tmpfiles --root="${ROOTFS_DIR}" --create "${ROOTFS_DIR}/usr/lib/tmpfiles.d/nfce-kiosk.conf"
systemd-analyze verify --root="${ROOTFS_DIR}" nfce-kiosk.service
echo "test-in-arm64-chroot: OK"
