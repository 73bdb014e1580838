#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the missing Debian packages, builds, and starts Ads Onboarding from the build
# tree (meson devenv sets GSETTINGS_SCHEMA_DIR). Arguments go to the app:
#
#   build-aux/run.sh              the assistant
#   build-aux/run.sh --demo       the assistant against built-in imitation servers
#   build-aux/run.sh --help       the command line
#
# Environment: see build-aux/setup.sh.

set -euo pipefail

caller_dir=$PWD

# shellcheck source-path=SCRIPTDIR source=setup.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/setup.sh"

ado_install_packages "${ADO_BUILD_PACKAGES[@]}" "${ADO_RUN_PACKAGES[@]}"
ado_configure "${ADO_SETUP_ARGS[@]}" || ado_die "meson could not configure $ADO_BUILDDIR"
ado_compile || ado_die "the build failed"

# Relative paths among the arguments keep meaning what they meant where this was called.
exec meson devenv -C "$ADO_BUILDDIR" --workdir "$caller_dir" \
  "$ADO_BUILDDIR/src/ads-onboarding" "$@"
