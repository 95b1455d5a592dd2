#!/bin/bash -e
# Node 22 arm64 from the official tarball that build-image.sh copied into files/ (with the
# SHASUMS256.txt published beside it): no package registry is involved on the device.
: "${ROOTFS_DIR:?pi-gen sets ROOTFS_DIR}"
shopt -s nullglob
tarballs=(files/node-v22.*-linux-arm64.tar.xz)
if [ "${#tarballs[@]}" -ne 1 ]; then
  echo "01-node: expected exactly one files/node-v22.*-linux-arm64.tar.xz (see image/build-image.sh)" >&2
  exit 1
fi
name="$(basename "${tarballs[0]}")"
(cd files && grep " ${name}\$" SHASUMS256.txt | sha256sum --check --strict -)
tar -xJf "${tarballs[0]}" -C "${ROOTFS_DIR}/usr/local" --strip-components=1 --no-same-owner \
  --exclude='*/include' --exclude='*/share/doc' --exclude='*/share/man'
