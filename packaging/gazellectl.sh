#!/bin/sh
# gazellectl: runs the CLI on its private Node runtime (lib/gazellectl/node), never the host's node.
# Relative to this script, so an unpacked tarball works wherever it is; a symlink is followed first.
self=$0
if [ -L "$self" ]; then self=$(readlink -f "$self"); fi
case $self in */*) ;; *) self=./$self ;; esac
lib=${self%/*}/../lib/gazellectl
exec "$lib/node" "$lib/bin/run.js" "$@"
