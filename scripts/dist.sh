#!/usr/bin/env bash
# Release build: static binaries for Linux, macOS and Windows on amd64 and
# arm64 into dist/, with SHA256SUMS. Version, commit and date are stamped in
# (ally version prints them).
#
#   scripts/dist.sh                       the built-in course
#   COURSE=path/to/course scripts/dist.sh your own course embedded instead
#
# With COURSE, the course is validated first (a broken course, or one with a
# symbolic link leaving its folder, is never shipped), then the binaries are built from a copy of this source tree
# whose content/course is replaced by it; this tree is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=${COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo none)}
date=${DATE:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
targets=${TARGETS:-"linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"}

src=$PWD
if [ -n "${COURSE:-}" ]; then
  course=$(cd "$COURSE" && pwd)
  echo "dist: checking $course"
  go run ./cmd/ally validate "$course"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  tar --exclude=./.git --exclude=./dist -cf - . | tar -xf - -C "$tmp"
  rm -rf "$tmp/content/course"
  mkdir "$tmp/content/course"
  # -h copies what a symbolic link inside the course points to (go:embed
  # cannot embed a link); a link that leaves the course, a pipe or a device
  # has already failed the validation above, so none is followed here.
  tar -C "$course" -h --exclude=.git -cf - . | tar -xf - -C "$tmp/content/course"
  src=$tmp
fi

# The built-in course is built into the binary as code made from its files
# (content/builtin_gen.go): made again here, for COURSE's files or in case
# the course changed since the file was last made.
(cd "$src/content" && go generate && go test -run '^TestBuiltin' .)

out=$PWD/dist
rm -rf "$out"
mkdir -p "$out"
ldflags="-s -w -X main.version=$version -X main.commit=$commit -X main.date=$date"
for target in $targets; do
  os=${target%/*}
  arch=${target#*/}
  ext=""
  [ "$os" = windows ] && ext=.exe
  name="ally_${version}_${os}_${arch}${ext}"
  echo "dist: $name"
  (cd "$src" && CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -tags "${TAGS-nethttpomithttp2}" -ldflags "$ldflags" -o "$out/$name" ./cmd/ally)
done
(cd "$out" && sha256sum ally_* > SHA256SUMS)
ls -l "$out"
