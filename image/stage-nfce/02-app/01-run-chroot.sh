#!/bin/bash -e
# Production dependencies built for arm64, inside the arm64 chroot.
cd /usr/lib/nfce-kiosk/factory
# --ignore-scripts: the package's own "prepare" needs dev tools (the build already happened on the
# builder); the native module is then rebuilt on its own so its install script runs for arm64.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
npm rebuild better-sqlite3 --no-audit --no-fund
node -e "const D = require('better-sqlite3'); const db = new D(':memory:'); db.pragma('journal_mode = WAL'); console.log('better-sqlite3', db.prepare('select sqlite_version() as v').get().v)"
ln -sfn nfce-kiosk.js bin/nfce-kiosk
node -p "require('./package.json').version" > VERSION
chown -R root:root .
chmod -R go-w .
rm -rf /root/.npm /root/.cache
# No compilers on the kiosk: they were only needed for a native-module fallback build.
apt-get purge -y build-essential
apt-get autoremove -y --purge
