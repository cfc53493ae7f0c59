#!/usr/bin/env bash
# Vector checks of exported figures, through the real `ropescope figure` with no DISPLAY:
#   fig4 SVG: every legend entry and axis label is one <text> element, Greek intact;
#   fig6 PDF: vector paths for all 3 × 400 tokens, no raster image, fonts embedded;
#   fig4 PDF: pdftotext gives back θ, ω and δ.
# usage: vector_checks.sh ROPESCOPE OUTDIR
set -u
exe="$1"; out="$2"; mkdir -p "$out"
fail=0
say() { echo "FAIL: $*"; fail=1; }
run() { env -u DISPLAY QT_QPA_PLATFORM=xcb "$exe" "$@" --quiet || say "ropescope $* exited $?"; }

run figure --preset fig4 --out "$out/fig4.svg"
run figure --preset fig4 --out "$out/fig4.pdf"
run figure --preset fig6 --out "$out/fig6.pdf"

# Legend entries (one per row that drives pairs, plus the span line) and axis labels, as written
# by hand from what Fig. 4 must show.
for label in "t (time)" "h (rows)" "w (columns)" "span of the sequence's positions" \
             "pair index i (fast → slow)" "wavelength 2π/ω" "M-RoPE" "VideoRoPE (δ = 2)"; do
  grep -qF ">$label</text>" "$out/fig4.svg" || say "fig4.svg has no <text> element \"$label\""
done
# Tick labels of the log axis: 1, 10², 10⁴, 10⁶ in each of the two panels.
n=$(grep -cF ">10⁴</text>" "$out/fig4.svg"); [ "$n" -eq 2 ] || say "fig4.svg: 10⁴ appears $n times, expected 2 (one per panel)"

# fig6: no raster image at all (pdfimages lists a two-line header only) ...
images=$(pdfimages -list "$out/fig6.pdf" | tail -n +3 | wc -l)
[ "$images" -eq 0 ] || say "fig6.pdf contains $images raster images"
# ... and at least one vector path per token: 3 panels × 400 tokens of text:8,video:8x6x8,text:8.
paths=$(pdftocairo -svg "$out/fig6.pdf" - | grep -c "<path")
[ "$paths" -ge 1200 ] || say "fig6.pdf has $paths vector paths, expected at least 1200 (one per token)"
# Fonts embedded.
pdffonts "$out/fig6.pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") exit 1 }' || say "fig6.pdf has a font that is not embedded"
[ "$(pdffonts "$out/fig6.pdf" | tail -n +3 | wc -l)" -ge 1 ] || say "fig6.pdf has no font (text drawn as paths?)"

# Greek round-trips through pdftotext.
text=$(pdftotext "$out/fig4.pdf" -)
for g in "θ = 10⁶" "2π/ω" "δ = 2"; do
  grep -qF "$g" <<<"$text" || say "pdftotext of fig4.pdf lacks \"$g\""
done
# Every legend entry of fig4 is in the PDF as text (the widget-grab export lost all but the first).
for label in "t (time)" "h (rows)" "w (columns)" "span of the sequence's positions"; do
  grep -qF "$label" <<<"$text" || say "pdftotext of fig4.pdf lacks the legend entry \"$label\""
done
[ $fail -eq 0 ] && echo "vector checks: all passed"
exit $fail
