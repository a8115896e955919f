#!/usr/bin/env bash
# Makes the demo CCTV clips in resources/video/ with ffmpeg. Run ONCE by hand
# (the output is committed; nothing needs ffmpeg at run time):
#
#   build/make-demo-clips.sh
#
# Each "look" is a synthetic test pattern with a moving, running clock so that
# frames visibly advance. Every look is encoded twice:
#   sub  320x180 @ 15 fps, H.264 Constrained Baseline, capped ~300 kbps
#   main 640x360 @ 25 fps, H.264 Main, capped ~600 kbps
# video only (no audio), cut into MPEG-TS segments of exactly 2 s with a
# keyframe at every segment boundary, LOOP_SECONDS long. The media server
# (native/simulator/media/) loops them as live HLS streams.
#
# Output: resources/video/<look>/<sub|main>/seg-<n>.ts and
# resources/video/index.json (looks in order, segment durations).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/resources/video"
LOOP_SECONDS=8
SEG_SECONDS=2
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf

command -v ffmpeg >/dev/null || { echo "ffmpeg is required" >&2; exit 1; }
[ -f "$FONT" ] || { echo "font $FONT is required (fonts-dejavu-core)" >&2; exit 1; }

# name|lavfi source at 640x360 25 fps (the overlay is added below)
LOOKS=(
  "testcard|testsrc2=size=640x360:rate=25"
  "bars|smptehdbars=size=640x360:rate=25"
  "fractal|mandelbrot=size=640x360:rate=25:start_scale=2:end_scale=0.3:maxiter=256"
  "life|life=size=160x90:rate=25:seed=7:ratio=0.12:mold=10:life_color=#d8f0a0:death_color=#103040:mold_color=#406080,scale=640:360:flags=neighbor"
  "gradient|gradients=size=640x360:rate=25:seed=3:n=4:speed=0.05"
  "automaton|cellauto=size=160x90:rate=25:rule=30:random_fill_ratio=0.4:random_seed=5:scroll=1,scale=640:360:flags=neighbor,colorchannelmixer=rr=0.25:gg=0.75:bb=0.95"
)

# A label, a running clock (moving left to right) and a moving block.
overlay() {
  local label="$1"
  printf '%s' "format=yuv420p,\
drawbox=x=0:y=0:w=iw:h=34:color=black@0.55:t=fill,\
drawtext=fontfile=$FONT:text='EGRET DEMO  $label':x=10:y=7:fontsize=20:fontcolor=white,\
drawtext=fontfile=$FONT:text='%{pts\\:hms}':x='mod(t*70\\,w-tw)':y=h-42:fontsize=26:fontcolor=yellow:box=1:boxcolor=black@0.6:boxborderw=4,\
drawtext=fontfile=$FONT:text='■':x='w-40':y='mod(t*120\\,h-60)+40':fontsize=28:fontcolor=red"
}

encode() { # look source rendition
  local name="$1" src="$2" rend="$3" dir="$OUT/$1/$3"
  local vf codec
  if [ "$rend" = sub ]; then
    vf="$(overlay "$name"),scale=320:180:flags=bicubic,fps=15"
    codec=(-c:v libx264 -profile:v baseline -level 3.0 -preset veryslow -crf 30 -maxrate 300k -bufsize 600k -g 30 -keyint_min 30)
  else
    vf="$(overlay "$name")"
    codec=(-c:v libx264 -profile:v main -level 3.1 -preset veryslow -crf 30 -maxrate 600k -bufsize 1200k -g 50 -keyint_min 50)
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "$src" -t "$LOOP_SECONDS" -an -vf "$vf" \
    "${codec[@]}" -sc_threshold 0 -pix_fmt yuv420p \
    -force_key_frames "expr:gte(t,n_forced*$SEG_SECONDS)" \
    -f hls -hls_time "$SEG_SECONDS" -hls_list_size 0 -hls_playlist_type vod \
    -hls_segment_type mpegts -hls_segment_filename "$dir/seg-%d.ts" \
    "$dir/playlist.m3u8"
  # Segment durations from the playlist, then drop the playlist itself.
  awk -F'[:,]' '/^#EXTINF:/ { printf "%s%s", (n++ ? "," : ""), $2 }' "$dir/playlist.m3u8"
  rm -f "$dir/playlist.m3u8"
}

mkdir -p "$OUT"
json="{\n  \"segmentSeconds\": $SEG_SECONDS,\n  \"loopSeconds\": $LOOP_SECONDS,\n  \"renditions\": {\n"
json+="    \"main\": { \"width\": 640, \"height\": 360, \"fps\": 25, \"codecs\": \"avc1.4d401f\" },\n"
json+="    \"sub\": { \"width\": 320, \"height\": 180, \"fps\": 15, \"codecs\": \"avc1.42c01e\" }\n  },\n  \"looks\": [\n"
first=1
for entry in "${LOOKS[@]}"; do
  name="${entry%%|*}"
  src="${entry#*|}"
  echo "look $name" >&2
  main="$(encode "$name" "$src" main)"
  sub="$(encode "$name" "$src" sub)"
  [ $first = 1 ] || json+=",\n"
  first=0
  json+="    { \"name\": \"$name\", \"main\": [$main], \"sub\": [$sub] }"
done
json+="\n  ]\n}\n"
printf "$json" > "$OUT/index.json"
du -sh "$OUT" >&2
