#!/bin/bash
# Builder side: append the ext4 data partition (label NFCE-DATA) to an exported image and lay out
# its directories with the fixed ids of the image's nfce user. Needs root, losetup, sfdisk, mkfs.ext4.
# Usage: add-data-partition.sh IMAGE.img [SIZE]   (SIZE for truncate, default 4G)
set -euo pipefail

img="${1:?usage: add-data-partition.sh IMAGE.img [SIZE]}"
size="${2:-4G}"
nfce_uid="${NFCE_UID:-990}"

if [ "$(sfdisk --dump "${img}" | grep -c 'start=')" -ge 3 ]; then
  echo "add-data-partition: ${img} already has a third partition" >&2
  exit 1
fi
truncate --size="+${size}" "${img}"
# Start at the first free, aligned sector after the root partition; use the rest of the image.
echo ',,L' | sfdisk --append --no-reread "${img}"

loop="$(losetup --find --show --partscan "${img}")"
mnt="$(mktemp -d)"
cleanup() {
  umount "${mnt}" 2>/dev/null || true
  rmdir "${mnt}"
  losetup --detach "${loop}"
}
trap cleanup EXIT

# data=ordered (the default), not data=journal: SQLite's own fsyncs give durability (platform-notes §6).
mkfs.ext4 -q -L NFCE-DATA -E lazy_itable_init=0,lazy_journal_init=0 "${loop}p3"
mount "${loop}p3" "${mnt}"
install -d -m 0750 -o "${nfce_uid}" -g "${nfce_uid}" "${mnt}/data"
install -d -m 0750 -o 0 -g "${nfce_uid}" "${mnt}/config"
install -d -m 0755 -o 0 -g 0 "${mnt}/app" "${mnt}/app/releases"
ln -s /usr/lib/nfce-kiosk/factory "${mnt}/app/current"
echo "add-data-partition: ${img} now has NFCE-DATA (${size})"
