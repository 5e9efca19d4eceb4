#!/bin/sh
# mkepub inspect: mkepub's own books, an EPUB 2 laid out the way other
# tools do it (built here with zip), EPUB 3 and 2 made by pandoc (a test
# dependency: scripts/deps.sh test installs it),
# and hostile archives made by the test (python3 zipfile, then bytes
# patched): every one a clear error, exit 1, and bounded memory.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

cd "$TEST_TMP" || exit 1

# json_ok FILE: FILE is one valid JSON document.
json_ok() {
    if command -v jq >/dev/null 2>&1; then
        jq -e . "$1" >/dev/null
    else
        python3 -m json.tool "$1" >/dev/null
    fi
}

test_must_be_empty() {
    if [ -s "$1" ]; then
        echo "not empty: $1" >&2
        cat "$1" >&2
        return 1
    fi
}

# mkzip.py OUT KIND: a small EPUB 3 made hostile or broken in one way.
cat >mkzip.py <<'EOF'
import struct, sys, zipfile, zlib, warnings
warnings.simplefilter("ignore")
out, kind = sys.argv[1], sys.argv[2]
CONTAINER = ('<?xml version="1.0"?><container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
             '<rootfiles><rootfile full-path="OPS/package.opf" '
             'media-type="application/oebps-package+xml"/></rootfiles>'
             '</container>')
OPF = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"'
       ' version="3.0" unique-identifier="uid"><metadata '
       'xmlns:dc="http://purl.org/dc/elements/1.1/">'
       '<dc:identifier id="uid">urn:x:1</dc:identifier>'
       '<dc:title>Hostile</dc:title><dc:language>en</dc:language>'
       '</metadata><manifest><item id="nav" href="nav.xhtml" '
       'properties="nav" media-type="application/xhtml+xml"/>'
       '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
       '</manifest><spine><itemref idref="c1"/></spine></package>')
NAV = ('<html xmlns="http://www.w3.org/1999/xhtml" '
       'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>N</title>'
       '</head><body><nav epub:type="toc"><ol><li><a href="c1.xhtml">One'
       '</a></li></ol></nav></body></html>')
C1 = ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title>1</title>'
      '</head><body><p>x</p></body></html>')
files = [("mimetype", "application/epub+zip"),
         ("META-INF/container.xml", CONTAINER),
         ("OPS/package.opf", OPF), ("OPS/nav.xhtml", NAV),
         ("OPS/c1.xhtml", C1)]
d = dict(files)
if kind == "broken-container":
    d["META-INF/container.xml"] = CONTAINER.replace("</rootfiles>", "")
elif kind == "broken-opf":
    d["OPS/package.opf"] = OPF.replace("</metadata>", "</metdata>")
elif kind == "broken-nav":
    d["OPS/nav.xhtml"] = NAV.replace("</ol>", "</ul>")
elif kind == "no-container":
    del d["META-INF/container.xml"]
elif kind == "no-opf":
    del d["OPS/package.opf"]
elif kind == "entity":
    d["OPS/package.opf"] = ('<?xml version="1.0"?><!DOCTYPE package ['
                            '<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                            + OPF[21:].replace("Hostile", "&x;"))
elif kind == "bomb":
    # honest sizes: the OPF really is 100 MB (of blanks)
    d["OPS/package.opf"] = OPF + " " * (100 << 20)
elif kind == "lie":
    # declares the container's true size, inflates to 200 MB more
    d["META-INF/container.xml"] = CONTAINER + "\0" * (200 << 20)
z = zipfile.ZipFile(out, "w")
for name, data in files:
    if name in d:
        method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
        z.writestr(zipfile.ZipInfo(name), d[name], compress_type=method)
if kind == "dotdot":
    z.writestr(zipfile.ZipInfo("../../evil.sh"), "x")
elif kind == "absolute":
    z.writestr(zipfile.ZipInfo("/etc/evil.sh"), "x")
elif kind == "duplicate":
    z.writestr(zipfile.ZipInfo("OPS/c1.xhtml"), C1)
elif kind == "control":
    # C1 CSI (U+009B) starts a terminal escape sequence like ESC [
    z.writestr(zipfile.ZipInfo("OPS/x\u009b31m.txt"), "x")
z.close()
data = bytearray(open(out, "rb").read())
def patch(name, size, compressed=False):
    """Sets the (un)compressed size of entry name in both headers."""
    n = name.encode()
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        off -= 4 if compressed else 0
        i = 0
        while True:
            i = data.find(sig, i)
            if i < 0:
                break
            nameoff = 30 if sig == b"PK\x03\x04" else 46
            ln = struct.unpack_from("<H", data, i + (26 if nameoff == 30 else 28))[0]
            if data[i + nameoff:i + nameoff + ln] == n:
                struct.pack_into("<I", data, i + off, size)
            i += 4
if kind == "lie":
    patch("META-INF/container.xml", len(CONTAINER))
elif kind == "absurd":
    patch("OPS/package.opf", 0xFFFFFFF0)
elif kind == "overlong":
    patch("OPS/nav.xhtml", 0x7FFFFFF0, True)
open(out, "wb").write(data)
EOF

test_expect_success 'inspect the sample book: metadata, reading order, TOC' '
    SOURCE_DATE_EPOCH=1606953600 mkepub -o s.epub "$TOP/book/book.xml" &&
    mkepub inspect s.epub >out 2>err &&
    test_must_be_empty err &&
    test_grep "^s.epub: EPUB 3.0, package document EPUB/content.opf$" out &&
    test_grep "^Title        The Story of Zhanara Akhmetova$" out &&
    test_grep "^Language     en$" out &&
    test_grep "^Modified     2020-12-03T00:00:00Z$" out &&
    test_grep "(unique identifier)$" out &&
    test_grep "^Reading order (11):$" out &&
    test_grep "^    2  EPUB/nav.xhtml  (linear=no)$" out &&
    test_grep "^    3  EPUB/book/chapters/01-who-she-is.xhtml$" out &&
    test_grep "^Table of contents (nav EPUB/nav.xhtml):$" out &&
    test_grep "^  The Extradition Decision  -> EPUB/book/chapters/04-the-extradition-decision.xhtml$" out &&
    test_grep "^    Two Sides of the Scale  -> EPUB/book/chapters/04-the-extradition-decision.xhtml#two-sides-of-the-scale$" out &&
    test_grep "^  toc          Contents  -> EPUB/nav.xhtml#toc$" out &&
    test_grep "^Manifest (14 items):$" out &&
    test_grep -E "^ +[0-9]+ +[0-9]+  deflated  EPUB/nav.xhtml +application/xhtml\+xml +nav$" out &&
    test_grep -E "^ +20 +20  stored    mimetype$" out
'

test_expect_success 'inspect --json on the sample book is valid, stable JSON' '
    mkepub inspect --json s.epub >s.json &&
    json_ok s.json &&
    mkepub inspect --json s.epub >s2.json &&
    cmp s.json s2.json &&
    test_grep "^  \"format\": \"mkepub-inspect/1\",$" s.json &&
    python3 - s.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["package"]["path"] == "EPUB/content.opf", d["package"]
	assert d["metadata"]["title"] == ["The Story of Zhanara Akhmetova"]
	assert d["metadata"]["modified"] == "2020-12-03T00:00:00Z"
	sp = d["spine"]
	assert len(sp) == 11 and sp[1]["linear"] is False, sp
	toc = d["toc"]
	assert toc["source"] == "nav" and toc["path"] == "EPUB/nav.xhtml"
	assert [e["level"] for e in toc["entries"]][3:5] == [1, 2]
	assert {l["type"] for l in d["landmarks"]} >= {"toc", "bodymatter"}
	m = {i["path"]: i for i in d["manifest"]}
	nav = m["EPUB/nav.xhtml"]
	assert nav["properties"] == "nav" and nav["compression"] == "deflated"
	assert nav["size"] > nav["compressed_size"] > 0
	e = d["entries"][0]
	assert e["name"] == "mimetype" and e["compression"] == "stored"
	assert e["in_manifest"] is False
	EOF
'

test_expect_success 'inspect a fixture book (raster cover, images and styles)' '
    SOURCE_DATE_EPOCH=1606953600 mkepub -o r.epub "$FIXTURES/raster-cover/book" &&
    mkepub inspect r.epub >out &&
    test_grep "^Cover        EPUB/" out &&
    mkepub inspect --json r.epub >r.json && json_ok r.json
'

test_expect_success 'inspect a book mkepub made with an obfuscated font' '
    new_book fonts &&
    mkdir -p "$TEST_TMP/fonts/book/fonts" &&
    printf "@font-face { font-family: \"B\"; src: url(fonts/b.ttf); }\nbody { font-family: \"B\", serif; }\n" \
        >"$TEST_TMP/fonts/book/style.css" &&
    { printf "\000\001\000\000"; head -c 2000 /dev/zero | tr "\000" A; } \
        >"$TEST_TMP/fonts/book/fonts/b.ttf" &&
    sed -i "s|  <chapters>|  <stylesheet href=\"style.css\"/>\n  <font href=\"fonts/b.ttf\" obfuscate=\"yes\"/>\n  <chapters>|" \
        "$TEST_TMP/fonts/book/book.xml" &&
    mkepub -o f.epub "$TEST_TMP/fonts/book/book.xml" &&
    mkepub inspect f.epub >out &&
    test_grep -E "  EPUB/fonts/b.ttf +font/ttf +\(idpf-font-obfuscation\)$" out &&
    test_grep -E "  META-INF/encryption.xml$" out
'

# An EPUB 2 as other tools lay it out: OPF at OEBPS/content.opf, an NCX
# and no navigation document, a <guide>, opf:role on the creator,
# files in the archive that the manifest does not list.
test_expect_success 'inspect an EPUB 2 made by another tool (zip)' '
    mkdir -p e2/META-INF e2/OEBPS/Text &&
    printf "application/epub+zip" >e2/mimetype &&
    cat >e2/META-INF/container.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
	  <rootfiles>
	    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
	  </rootfiles>
	</container>
	EOF
    cat >e2/OEBPS/content.opf <<-\EOF &&
	<?xml version="1.0" encoding="utf-8"?>
	<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="BookId" version="2.0">
	  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
	    <dc:identifier id="BookId" opf:scheme="UUID">urn:uuid:12345678-1234-1234-1234-123456789abc</dc:identifier>
	    <dc:title>Other Tool &amp; Co</dc:title>
	    <dc:creator opf:role="aut" opf:file-as="Doe, Jane">Jane Doe</dc:creator>
	    <dc:language>fr</dc:language>
	    <meta name="cover" content="cover-img"/>
	  </metadata>
	  <manifest>
	    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
	    <item id="ch1" href="Text/ch%201.xhtml" media-type="application/xhtml+xml"/>
	    <item id="ch2" href="Text/ch2.xhtml" media-type="application/xhtml+xml"/>
	    <item id="cover-img" href="cover.jpg" media-type="image/jpeg"/>
	    <item id="font" href="f.otf" media-type="application/vnd.ms-opentype"/>
	    <item id="drm" href="Text/drm.bin" media-type="application/octet-stream"/>
	  </manifest>
	  <spine toc="ncx">
	    <itemref idref="ch1"/>
	    <itemref idref="ch2" linear="no"/>
	  </spine>
	  <guide>
	    <reference type="text" title="Start" href="Text/ch%201.xhtml"/>
	  </guide>
	</package>
	EOF
    cat >e2/OEBPS/toc.ncx <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
	<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
	  <head><meta name="dtb:uid" content="urn:uuid:12345678-1234-1234-1234-123456789abc"/></head>
	  <docTitle><text>Other Tool</text></docTitle>
	  <navMap>
	    <navPoint id="p1" playOrder="1"><navLabel><text>Part One</text></navLabel><content src="Text/ch%201.xhtml"/>
	      <navPoint id="p2" playOrder="2"><navLabel><text>A Section</text></navLabel><content src="Text/ch%201.xhtml#s1"/>
	        <navPoint id="p3" playOrder="3"><navLabel><text>Deeper</text></navLabel><content src="Text/ch%201.xhtml#s2"/></navPoint>
	      </navPoint>
	    </navPoint>
	    <navPoint id="p4" playOrder="4"><navLabel><text>Notes</text></navLabel><content src="Text/ch2.xhtml"/></navPoint>
	  </navMap>
	</ncx>
	EOF
    for f in "ch 1" ch2; do
        printf "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title></head><body><p>%s</p></body></html>" "$f" >"e2/OEBPS/Text/$f.xhtml" || return 1
    done &&
    printf "\377\330\377" >e2/OEBPS/cover.jpg &&
    printf "OTTO" >e2/OEBPS/f.otf &&
    printf "drm" >e2/OEBPS/Text/drm.bin &&
    cat >e2/META-INF/encryption.xml <<-\EOF &&
	<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
	  <enc:EncryptedData>
	    <enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
	    <enc:CipherData><enc:CipherReference URI="OEBPS/f.otf"/></enc:CipherData>
	  </enc:EncryptedData>
	  <enc:EncryptedData>
	    <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
	    <enc:CipherData><enc:CipherReference URI="OEBPS/Text/drm.bin"/></enc:CipherData>
	  </enc:EncryptedData>
	</encryption>
	EOF
    printf "x" >e2/OEBPS/thumbs.db &&
    (cd e2 && zip -q -X -0 ../other.epub mimetype &&
     zip -q -X -r ../other.epub META-INF OEBPS) &&
    mkepub inspect other.epub >out 2>err &&
    test_must_be_empty err &&
    cat >expect <<-\EOF &&
	other.epub: EPUB 2.0, package document OEBPS/content.opf

	Title        Other Tool & Co
	Creator      Jane Doe (aut)
	Language     fr
	Identifier   urn:uuid:12345678-1234-1234-1234-123456789abc (unique identifier)
	Cover        OEBPS/cover.jpg

	Reading order (2):
	    1  OEBPS/Text/ch 1.xhtml
	    2  OEBPS/Text/ch2.xhtml  (linear=no)

	Table of contents (ncx OEBPS/toc.ncx):
	  Part One  -> OEBPS/Text/ch 1.xhtml
	    A Section  -> OEBPS/Text/ch 1.xhtml#s1
	      Deeper  -> OEBPS/Text/ch 1.xhtml#s2
	  Notes  -> OEBPS/Text/ch2.xhtml

	Landmarks:
	  text         Start  -> OEBPS/Text/ch 1.xhtml
	EOF
    sed -n "1,/^Manifest/p" out | sed "\$d" | sed "\$d" >got &&
    test_cmp expect got &&
    test_grep -E "^ +3 +3  stored    OEBPS/cover.jpg +image/jpeg$" out &&
    test_grep -E "  OEBPS/f.otf +application/vnd.ms-opentype +\(idpf-font-obfuscation\)$" out &&
    test_grep -E "  OEBPS/Text/drm.bin +application/octet-stream +\(encrypted\)$" out &&
    test_grep -E "^Other entries:$" out &&
    test_grep -E "  OEBPS/thumbs.db$" out &&
    mkepub inspect --json other.epub >o.json && json_ok o.json &&
    python3 - o.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["metadata"]["creator"] == [{"name": "Jane Doe", "role": "aut"}]
	assert d["toc"]["source"] == "ncx"
	assert [e["level"] for e in d["toc"]["entries"]] == [1, 2, 3, 1]
	enc = {i["id"]: i["encryption"] for i in d["manifest"]}
	assert enc["font"] == "idpf-font-obfuscation" and enc["ch1"] is None
	assert enc["drm"] == "encrypted"
	assert d["landmarks"] == [{"type": "text", "label": "Start",
	                           "target": "OEBPS/Text/ch 1.xhtml"}]
	EOF
'

test_expect_success 'inspect an EPUB 3 and an EPUB 2 made by pandoc' '
    if ! command -v pandoc >/dev/null 2>&1; then
        echo "pandoc is missing: run sh scripts/deps.sh test" >&2
        return 1
    fi
    printf "%% Pandoc Book\n%% A. Writer\n\n# One\n\ntext\n\n## Sub\n\nmore\n\n# Two\n\nend\n" >p.md &&
    pandoc -o p.epub p.md &&
    mkepub inspect p.epub >out &&
    test_grep "^p.epub: EPUB 3.0, package document EPUB/content.opf$" out &&
    test_grep "^Title        Pandoc Book$" out &&
    test_grep "^Creator      A. Writer" out &&
    test_grep "^Reading order (3):$" out &&
    test_grep "^    2  EPUB/text/ch001.xhtml$" out &&
    test_grep "^Table of contents (nav EPUB/nav.xhtml):$" out &&
    test_grep "^  One  -> EPUB/text/ch001.xhtml#one$" out &&
    test_grep "^    Sub  -> EPUB/text/ch001.xhtml#sub$" out &&
    test_grep "^  Two  -> EPUB/text/ch002.xhtml#two$" out &&
    test_grep "^  titlepage  *Title Page  -> EPUB/text/title_page.xhtml$" out &&
    test_grep "deflated  EPUB/nav.xhtml  *application/xhtml+xml  *nav$" out &&
    test_grep "^ *20  *20  stored    mimetype$" out &&
    mkepub inspect --json p.epub >p.json && json_ok p.json &&
    pandoc -t epub2 -o p2.epub p.md &&
    mkepub inspect p2.epub >out2 &&
    test_grep "^p2.epub: EPUB 2.0, package document " out2 &&
    test_grep "^Table of contents (ncx .*toc.ncx):$" out2 &&
    test_grep "^  One  -> " out2 &&
    test_grep "^    Sub  -> " out2
'

# hostile KIND EXPECTED-MESSAGE: the archive mkzip.py makes fails with
# exit 1, and stderr holds the line exactly.  python3 is one of the
# test dependencies (scripts/deps.sh test).
hostile() {
    python3 mkzip.py "$1.epub" "$1" &&
    must_fail 1 mkepub inspect "$1.epub" >"$1.out" 2>"$1.err" &&
    printf "%s\n" "$2" >"$1.want" &&
    grep -F -x -f "$1.want" "$1.err" >/dev/null || {
        echo "want: $2" >&2
        cat "$1.err" >&2
        return 1
    }
}

test_expect_success 'the test archive itself is read without a problem' '
    python3 mkzip.py good.epub good &&
    mkepub inspect good.epub >out &&
    test_grep "^  One  -> OPS/c1.xhtml$" out
'

test_expect_success 'an entry named with .. is an error' '
    hostile dotdot "dotdot.epub: error: entry '"'"'../../evil.sh'"'"' has '"'"'..'"'"' in its name, which climbs out of the archive: the archive is unsafe to unpack; rebuild the EPUB with relative names inside it" &&
    test_grep "^Title        Hostile$" dotdot.out
'

test_expect_success 'an absolute entry name is an error' '
    hostile absolute "absolute.epub: error: entry '"'"'/etc/evil.sh'"'"' has an absolute name (it starts with '"'"'/'"'"'): the archive is unsafe to unpack; rebuild the EPUB with relative names inside it"
'

test_expect_success 'a name twice in the archive is an error' '
    hostile duplicate "duplicate.epub: error: entry '"'"'OPS/c1.xhtml'"'"' is in the archive twice: reading systems disagree about which one counts; rebuild the EPUB with each name once"
'

test_expect_success 'control characters never reach the terminal' '
    python3 mkzip.py control.epub control &&
    mkepub inspect control.epub >out &&
    test_grep "  OPS/x?31m.txt$" out &&
    test_grep ! "$(printf "\302\233")" out
'

test_expect_success 'broken XML in container.xml, the OPF, the nav: located errors' '
    hostile broken-container "broken-container.epub/META-INF/container.xml:1:208: error: Opening and ending tag mismatch: rootfiles line 1 and container" &&
    test_must_be_empty broken-container.out &&
    hostile broken-opf "broken-opf.epub/OPS/package.opf:1:274: error: Opening and ending tag mismatch: metadata line 1 and metdata" &&
    test_must_be_empty broken-opf.out &&
    python3 mkzip.py broken-nav.epub broken-nav &&
    must_fail 1 mkepub inspect broken-nav.epub >broken-nav.out 2>broken-nav.err &&
    test_grep "^broken-nav.epub/OPS/nav.xhtml:1:[0-9]*: error: Opening and ending tag mismatch: ol line 1 and ul$" broken-nav.err &&
    test_grep "^Table of contents (nav OPS/nav.xhtml):$" broken-nav.out &&
    test_grep "^Reading order (1):$" broken-nav.out
'

test_expect_success 'a missing container.xml or package document is an error' '
    hostile no-container "no-container.epub: error: the container file '"'"'META-INF/container.xml'"'"' is not in the archive: the EPUB is incomplete" &&
    test_must_be_empty no-container.out &&
    hostile no-opf "no-opf.epub: error: the package document '"'"'OPS/package.opf'"'"' is not in the archive: the EPUB is incomplete" &&
    test_must_be_empty no-opf.out
'

test_expect_success 'entities in the OPF are never expanded' '
    python3 mkzip.py entity.epub entity &&
    must_fail 1 mkepub inspect entity.epub >entity.out 2>entity.err &&
    test_grep "error: the DOCTYPE declares the external entity '"'"'x'"'"' (file:///etc/passwd)" entity.err &&
    test_grep ! "root:" entity.out
'

test_expect_success 'not a ZIP archive, a folder, a missing file' '
    printf "hello\n" >text.epub &&
    must_fail 1 mkepub inspect text.epub >out 2>err &&
    test_must_be_empty out &&
    echo "text.epub: error: not a ZIP archive, so not an EPUB (an EPUB is a ZIP file that starts with the entry '"'"'mimetype'"'"')" >expect &&
    head -n 1 err >err1 && test_cmp expect err1 &&
    mkdir dir.epub &&
    must_fail 1 mkepub inspect dir.epub 2>err &&
    test_grep "^dir.epub: error: not a file but a folder: give the path of an .epub file$" err &&
    must_fail 3 mkepub inspect nothere.epub 2>err &&
    test_grep "^nothere.epub: error: cannot open the file: No such file or directory$" err &&
    if [ -w /dev/full ]; then
        must_fail 3 mkepub inspect s.epub >/dev/full 2>err &&
        test_grep "^mkepub: error: cannot write the report: No space left on device$" err
    fi
'

test_expect_success 'an encrypted entry is an error' '
    python3 mkzip.py enc.epub good &&
    printf "secret" >secret.txt &&
    zip -q -P pw enc.epub secret.txt &&
    must_fail 1 mkepub inspect enc.epub 2>err &&
    test_grep "^enc.epub: error: entry '"'"'secret.txt'"'"' is encrypted: EPUB allows no ZIP encryption" err
'

test_expect_success 'absurd declared sizes are refused when the archive is opened' '
    hostile absurd "absurd.epub: error: entry '"'"'OPS/package.opf'"'"' declares 4294967280 bytes from only 258 compressed, more than deflate can expand to: the archive is damaged or forged (a zip bomb)"
'

test_expect_success 'an entry larger than the archive is refused' '
    hostile overlong "overlong.epub: error: entry '"'"'OPS/nav.xhtml'"'"' declares 2147483632 compressed bytes, more than the whole archive (1194): the archive is damaged or forged"
'

# /usr/bin/time -v reports the peak resident set size in KB.
max_rss_kb() {
    sed -n "s/^[[:space:]]*Maximum resident set size (kbytes): //p" "$1"
}

# The peak a run may reach: 60 MB, 150 MB for a sanitizer build
# (MKEPUB_BUILD=build/asan); either is far below the bombs' 100 and
# 200 MB.
if plain_build; then
    rss_cap=60000
else
    rss_cap=150000
fi

test_expect_success 'a zip bomb (100 MB package document) is refused, memory stays small' '
    hostile bomb "bomb.epub: error: entry '"'"'OPS/package.opf'"'"' would uncompress to 104858092 bytes, more than the 64 MB mkepub inspect reads of one entry: not read (a zip bomb?)" &&
    test $(wc -c <bomb.epub) -lt 1000000 &&
    if [ -x /usr/bin/time ] && [ "${MKEPUB_VALGRIND:-}" != 1 ]; then
        must_fail 1 /usr/bin/time -v -o bomb.time "$MKEPUB" inspect bomb.epub 2>/dev/null &&
        rss=$(max_rss_kb bomb.time) &&
        echo "peak RSS $rss KB" &&
        test "$rss" -lt "$rss_cap"
    fi
'

test_expect_success 'an entry that inflates past its declared size stops there' '
    hostile lie "lie.epub: error: entry '"'"'META-INF/container.xml'"'"' uncompresses to more than the 219 bytes it declares: the archive is damaged or forged (a zip bomb?); not read" &&
    test_must_be_empty lie.out &&
    if [ -x /usr/bin/time ] && [ "${MKEPUB_VALGRIND:-}" != 1 ]; then
        must_fail 1 /usr/bin/time -v -o lie.time "$MKEPUB" inspect lie.epub 2>/dev/null &&
        rss=$(max_rss_kb lie.time) &&
        echo "peak RSS $rss KB" &&
        test "$rss" -lt "$rss_cap"
    fi
'

test_expect_success 'usage errors: no FILE, two FILEs, an unknown option' '
    must_fail 2 mkepub inspect 2>err &&
    test_grep "^mkepub: inspect needs a FILE.epub$" err &&
    must_fail 2 mkepub inspect a.epub b.epub 2>err &&
    test_grep "^mkepub: inspect takes one FILE.epub; '"'"'b.epub'"'"' is one too many$" err &&
    must_fail 2 mkepub inspect --xml s.epub 2>err &&
    test_grep "^mkepub: unknown option '"'"'--xml'"'"' for inspect (it takes --json)$" err &&
    mkepub inspect --help >out &&
    test_grep "^usage: mkepub inspect \[--json\] FILE.epub$" out
'

test_done
