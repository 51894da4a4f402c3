#!/usr/bin/env bash
# Runs a command in a private network namespace where 127.0.0.1 also sits on a veth
# (libnice, and so Janus, never offers loopback candidates) and nothing has a route
# out of the machine. Called through `unshare --net --pid --fork --mount-proc`.
set -euo pipefail
ip link set lo up
ip link add vmedia0 type veth peer name vmedia1
ip addr add 127.0.0.1/32 dev vmedia0
ip link set vmedia0 up
ip link set vmedia1 up
exec "$@"
