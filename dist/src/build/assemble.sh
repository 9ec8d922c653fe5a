#!/bin/sh
# Builds the self-contained archive: a jlinked Java runtime (only the modules the application's jars
# use), the application's jars, the configuration reference, the launcher and the systemd unit.
# Called by the dist module's pom in the package phase with:
#   JDK          the JDK running Maven (its jdeps and jlink; the runtime is cut from it)
#   JAVA_RELEASE its feature version (for multi-release jars)
#   DIST_NAME    soroban-bridge-<version>, the archive's top directory
#   ARCHIVE      the .tar.gz to write
#   TARGET, SRC, ROOT  dist/target, dist/src, the repository root
set -eu

stage_root="$TARGET/stage"
stage="$stage_root/$DIST_NAME"
rm -rf "$stage_root" "$ARCHIVE"
mkdir -p "$stage/bin" "$stage/lib" "$stage/config" "$stage/systemd"

cp "$TARGET"/app-lib/*.jar "$stage/lib/"

# Modules: what jdeps finds in the jars, plus modules reached only by flags or service loading:
# jdk.jfr for -XX:StartFlightRecording, and jdk.crypto.ec where it still holds the EC algorithms
# (JDK 21; from JDK 22 they are in java.base and the module is an empty shell kept for compatibility).
modules=$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$JAVA_RELEASE" \
    "$stage"/lib/*.jar)
modules="$modules,jdk.jfr"
if [ "$JAVA_RELEASE" -lt 22 ]; then modules="$modules,jdk.crypto.ec"; fi
echo "jlink modules: $modules"
"$JDK/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$stage/runtime"
echo "$modules" > "$stage/runtime/MODULES"

cp "$SRC/bin/soroban-bridge" "$stage/bin/"
chmod 755 "$stage/bin/soroban-bridge"
cp "$ROOT/config/src/main/resources/config/default.yaml" "$stage/config/default.yaml"
cp "$SRC/config/soroban-bridge.yaml" "$stage/config/"
cp "$ROOT/app/src/main/resources/jvm.options" "$stage/config/jvm.options"
cp "$ROOT/deploy/systemd/soroban-bridge.service" "$ROOT/deploy/systemd/soroban-bridge.env" "$stage/systemd/"
cp "$ROOT/deploy/systemd/README.md" "$stage/README.md"

# Owned by root when unpacked as root, whoever built it.
tar -C "$stage_root" --owner=0 --group=0 --numeric-owner --sort=name -czf "$ARCHIVE" "$DIST_NAME"
echo "wrote $ARCHIVE ($(du -k "$ARCHIVE" | cut -f1) KiB)"
