#!/bin/bash
# Builder side (a Debian/Ubuntu x86-64 or arm64 machine with pi-gen's dependencies and network access
# to the Raspberry Pi and Debian archives and the npm registry). Not run by the tests.
#
#   PI_GEN_DIR=~/pi-gen              a checkout of RPi-Distro/pi-gen, branch arm64
#   NODE_TARBALL=.../node-v22.X.Y-linux-arm64.tar.xz   official tarball from nodejs.org/dist/v22.X.Y/
#   NODE_SHASUMS=.../SHASUMS256.txt  the checksum file published beside it
#   NFCE_SSH_PUBKEY="ssh-ed25519 ..." technician key (password logins are disabled)
#   optional: NFCE_UI=1, NFCE_RTC=1, NFCE_SSH_ADMIN_NET=10.20.0.0/24, NFCE_DATA_SIZE=4G,
#             NFCE_SHARED_DIR (where schemas/PL_010_V1.30 is; default ../shared)
#   sudo -E image/build-image.sh
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
pi_gen="${PI_GEN_DIR:?PI_GEN_DIR: path to a pi-gen checkout (arm64 branch)}"
node_tarball="${NODE_TARBALL:?NODE_TARBALL: node-v22.*-linux-arm64.tar.xz}"
node_shasums="${NODE_SHASUMS:?NODE_SHASUMS: the SHASUMS256.txt published with it}"
: "${NFCE_SSH_PUBKEY:?NFCE_SSH_PUBKEY: the technician public key}"

case "$(basename "${node_tarball}")" in
  node-v22.*-linux-arm64.tar.xz) ;;
  *) echo "build-image: NODE_TARBALL must be node-v22.*-linux-arm64.tar.xz" >&2; exit 2 ;;
esac

# 1. The app: JavaScript is built here; its production dependencies are installed for arm64 in the
#    image's chroot (02-app), so native modules match the device.
(cd "${repo}" && npm ci && npm run build)

# 2. A self-contained copy of the stage inside pi-gen.
stage="${pi_gen}/stage-nfce"
rm -rf "${stage}"
cp -a "${repo}/image/stage-nfce" "${stage}"
# The official XSDs travel with the app (schemas/PL_010_V1.30 next to dist/), so the pre-print gate
# validates every note on the device too; they come from the shared folder, never from the repository.
shared="${NFCE_SHARED_DIR:-${repo}/../shared}"
schemas_tmp="$(mktemp -d)"
trap 'rm -rf "${schemas_tmp}"' EXIT
mkdir -p "${schemas_tmp}/schemas"
cp -a "${shared}/schemas/PL_010_V1.30" "${schemas_tmp}/schemas/"
tar -czf "${stage}/02-app/files/nfce-kiosk-app.tar.gz" -C "${repo}" package.json package-lock.json bin dist docs \
  -C "${schemas_tmp}" schemas
cp "${node_tarball}" "${node_shasums}" "${stage}/01-node/files/"
mkdir -p "${stage}/00-system/files/units"
cp "${repo}"/systemd/*.service "${repo}"/systemd/*.rules "${stage}/00-system/files/units/"
cp "${repo}/scripts/update/nfce-kiosk-update" "${stage}/00-system/files/nfce-kiosk-update"
{
  printf 'NFCE_UI=%q\n' "${NFCE_UI:-0}"
  printf 'NFCE_RTC=%q\n' "${NFCE_RTC:-0}"
  printf 'NFCE_SSH_ADMIN_NET=%q\n' "${NFCE_SSH_ADMIN_NET:-}"
} > "${stage}/nfce-build.env"

# 3. pi-gen: Lite stages plus ours; only our stage exports an image.
cp "${repo}/image/config" "${pi_gen}/config"
touch "${pi_gen}/stage2/SKIP_IMAGES"
(cd "${pi_gen}" && NFCE_SSH_PUBKEY="${NFCE_SSH_PUBKEY}" ./build.sh -c config)

# 4. The release bundle for nfce-kiosk-update: the factory release exactly as installed in the
#    arm64 root (production node_modules built there), for kiosks already in the field.
factory="$(find "${pi_gen}/work" -maxdepth 6 -type d -path '*/stage-nfce/rootfs/usr/lib/nfce-kiosk/factory' | head -n 1)"
if [ -z "${factory}" ]; then
  echo "build-image: no factory release in ${pi_gen}/work" >&2
  exit 1
fi
version="$(cat "${factory}/VERSION")"
bundle="${pi_gen}/deploy/nfce-kiosk-${version}-arm64.tar.gz"
tar -czf "${bundle}" -C "${factory}" .
(cd "$(dirname "${bundle}")" && sha256sum "$(basename "${bundle}")" > "$(basename "${bundle}").sha256")

# 5. The data partition, then compression.
img="$(find "${pi_gen}/deploy" -name '*nfce-kiosk*.img' -newer "${stage}/nfce-build.env" | head -n 1)"
if [ -z "${img}" ]; then
  echo "build-image: pi-gen produced no *nfce-kiosk*.img in ${pi_gen}/deploy" >&2
  exit 1
fi
"${repo}/image/add-data-partition.sh" "${img}" "${NFCE_DATA_SIZE:-4G}"
xz -T0 -f "${img}"
echo "build-image: ${img}.xz"
