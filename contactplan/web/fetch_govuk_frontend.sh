#!/bin/sh
# Re-fetch the GOV.UK Frontend assets the web page ships (make govuk-frontend).
# Needs npm (it only downloads the package: nothing is installed or run).
# We keep the built CSS and JS, the favicon and the licence; not the GDS
# Transport font nor the crown, which only services on GOV.UK may use: the
# @font-face rules are removed so that pages use Arial, as the Design System
# says services off GOV.UK must.
set -eu
VERSION="${1:-5.14.0}"
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/static/govuk"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "govuk-frontend@$VERSION" >/dev/null && tar xzf "govuk-frontend-$VERSION.tgz")
dist="$work/package/dist/govuk"
rm -rf "$dest"
mkdir -p "$dest/images"
python3 - "$dist/govuk-frontend.min.css" "$dest/govuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
css = re.sub(r"@font-face\{[^}]*\}", "", css)
css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
sed 's|//# sourceMappingURL=.*||' "$dist/govuk-frontend.min.js" > "$dest/govuk-frontend.min.js"
cp "$dist/assets/images/favicon.ico" "$dist/assets/images/favicon.svg" "$dest/images/"
cat > "$dest/LICENSE.txt" <<'LIC'
GOV.UK Frontend (https://github.com/alphagov/govuk-frontend), the files in
this folder, version VERSION_HERE.

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

Images are Crown copyright, under the Open Government Licence v3.0. The GDS
Transport font and the crown are not included: only services on GOV.UK may use them.
LIC
sed -i "s/VERSION_HERE/$VERSION/" "$dest/LICENSE.txt"
echo "$VERSION" > "$dest/VERSION"
echo "GOV.UK Frontend $VERSION in $dest"
