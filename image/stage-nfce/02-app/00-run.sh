#!/bin/bash -e
# The release shipped in the image ("factory"): read-only in the root filesystem. Updates install
# further releases on the data partition and switch app/current (docs/updates.md).
: "${ROOTFS_DIR:?pi-gen sets ROOTFS_DIR}"
app=files/nfce-kiosk-app.tar.gz
if [ ! -f "${app}" ]; then
  echo "02-app: ${app} missing (see image/build-image.sh)" >&2
  exit 1
fi
dest="${ROOTFS_DIR}/usr/lib/nfce-kiosk/factory"
rm -rf "${dest}"
install -d "${dest}"
tar -xzf "${app}" -C "${dest}" --no-same-owner
