#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import("../dist/cli/main.js").then((m) => m.main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`nfce-kiosk: ${err && err.message ? err.message : err}`);
    process.exitCode = 1;
  },
);
