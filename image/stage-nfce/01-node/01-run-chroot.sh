#!/bin/bash -e
# The arm64 binary must run in the arm64 root (under qemu-user on the builder).
node --version | grep -q '^v22\.'
