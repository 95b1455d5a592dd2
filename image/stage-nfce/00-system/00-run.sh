#!/bin/bash -e
# Host side, before the chroot script: hand the build choices (defaults.sh + nfce-build.env) to it.
: "${ROOTFS_DIR:?pi-gen sets ROOTFS_DIR}"
target="${ROOTFS_DIR}/tmp/nfce-defaults.sh"
sed '/^here=/,$d' ../defaults.sh > "${target}"
if [ -f ../nfce-build.env ]; then
  cat ../nfce-build.env >> "${target}"
fi
