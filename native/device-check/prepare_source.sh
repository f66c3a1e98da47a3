#!/usr/bin/env bash
# Clones node-llama-cpp's llama.cpp bundle into $1 and applies native/patches/*.patch in name order, as
# native/scripts/build.mjs does (same bundle, same patches, same `git apply` flags).
set -euo pipefail
dest=${1:?usage: prepare_source.sh DEST}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bundle=${DEVICE_CHECK_BUNDLE:-$repo/node_modules/node-llama-cpp/llama/gitRelease.bundle}
[ -f "$bundle" ] || { echo "prepare_source: $bundle is missing (carry node_modules/node-llama-cpp/llama/gitRelease.bundle)" >&2; exit 1; }
# The marker holds the patches' hash: a source prepared with other patches is cloned again.
digest=$(cat "$repo"/native/patches/*.patch | sha256sum | cut -c1-16)
if [ "$(cat "$dest/.device-check-patched" 2>/dev/null)" = "$digest" ]; then echo "prepare_source: $dest already prepared ($digest)"; exit 0; fi
rm -rf "$dest.tmp" "$dest"
git -c advice.detachedHead=false clone --quiet "$bundle" "$dest.tmp"
for patch in "$repo"/native/patches/*.patch; do
  echo "prepare_source: applying $(basename "$patch")"
  git -C "$dest.tmp" apply --whitespace=nowarn "$patch"
done
echo "$digest" > "$dest.tmp/.device-check-patched"
mv "$dest.tmp" "$dest"
