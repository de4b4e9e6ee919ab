#!/usr/bin/env bash
# Regenerates the bundled system sounds in sounds/ (docs/decisions.md D33).
#
# Every prompt is spoken by espeak-ng from the table below, then made 8 kHz
# mono 16-bit PCM by sox: leading and trailing silence trimmed, a short pad
# added so that concatenated prompts ("You have" 2 "new messages") do not run
# together, and the peak normalised to -3 dBFS. moh/default.wav is music, not
# speech: four soft chords with a plucked arpeggio, about 25 s, which loops.
#
# The WAVs are committed; neither CI nor npm install runs this script. The
# output depends on the espeak-ng and sox versions, so regenerate the whole
# set at once and listen to a few files before committing.
#
# Usage: scripts/make-sounds.sh [target-dir]   (default: sounds/ of the repo)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-$root/sounds}"
voice="${ESPEAK_VOICE:-en-us}"
speed_wpm="${ESPEAK_SPEED:-150}"

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "make-sounds: $tool is not installed" >&2; exit 1; }
done

# name|text. The names are the play names the code uses (without .wav);
# app-sounds-bundle.test.ts fails when the code names a prompt missing here.
# The wording follows Asterisk's core sounds where one exists.
read -r -d '' PROMPTS <<'EOF' || true
digits/0|zero
digits/1|one
digits/2|two
digits/3|three
digits/4|four
digits/5|five
digits/6|six
digits/7|seven
digits/8|eight
digits/9|nine
digits/10|ten
digits/11|eleven
digits/12|twelve
digits/13|thirteen
digits/14|fourteen
digits/15|fifteen
digits/16|sixteen
digits/17|seventeen
digits/18|eighteen
digits/19|nineteen
digits/20|twenty
vm/greeting|Please leave your message after the tone.
vm/mailbox-full|Sorry, this mailbox is full. No message can be left.
vm/message-saved|Your message has been saved.
vm/goodbye|Goodbye.
vm/enter-mailbox|Please enter your mailbox number, followed by pound.
vm/enter-password|Please enter your password, followed by pound.
vm/login-incorrect|Login incorrect.
vm/you-have|You have
vm/new-messages|new messages.
vm/old-messages|old messages.
vm/no-messages|You have no messages.
vm/message|Message
vm/message-menu|To hear the previous message, press 4. To repeat this message, press 5. For the next message, press 6. To delete this message, press 7. To save it and go on, press 9. To exit, press pound.
vm/message-deleted|Message deleted.
vm/no-more-messages|No more messages.
conf/enter-pin|Please enter the conference PIN, followed by pound.
conf/invalid-pin|That PIN is not valid for this conference.
conf/locked-full|Sorry, this conference is full.
conf/locked|Sorry, this conference is locked.
conf/wait-for-leader|The conference will begin when the conference leader arrives.
conf/only-person|You are currently the only person in this conference.
conf/there-are|There are currently
conf/other-in-party|other participants in the conference.
conf/say-name|After the tone, please say your name.
conf/has-joined|has joined the conference.
conf/has-left|has left the conference.
conf/user-menu|To mute or unmute yourself, press 1.
conf/admin-menu|To mute or unmute yourself, press 1. To lock or unlock the conference, press 2. To remove the last participant who joined, press 3. To mute all participants, press 4.
conf/muted|You are now muted.
conf/unmuted|You are no longer muted.
conf/now-locked|The conference is now locked.
conf/now-unlocked|The conference is now unlocked.
conf/kicked|The last participant has been removed from the conference.
conf/all-muted|All participants have been muted.
conf/goodbye|Goodbye.
queue/you-are-number|You are currently caller number
queue/rating-thanks|Thank you for your rating. Goodbye.
callback/requested|Thank you. Your request has been recorded, and we will call you back as soon as possible.
EOF

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# -R makes sox repeatable and -D turns dither off, so that the same tools
# give byte-identical files and a regeneration shows only real changes.
speak() {
  local name="$1" text="$2"
  mkdir -p "$work/out/$(dirname "$name")"
  espeak-ng -v "$voice" -s "$speed_wpm" -w "$work/raw.wav" "$text"
  sox -R -D "$work/raw.wav" -b 16 -e signed-integer -c 1 "$work/out/$name.wav" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse \
    gain -n -6 rate -h 8000 norm -3 pad 0.05 0.2
}

# One chord: its notes as sine pads (semitones from A440), mixed to mono,
# with slow swells so that the changes are soft. pluck needs 44.1 kHz, so
# the music is made at that rate and resampled once at the end.
chord() {
  local out="$1"
  shift
  local synth=()
  for note in "$@"; do synth+=(sine "%$note"); done
  sox -R -D -r 44100 -c "$#" -n -b 16 "$out" \
    synth 7 "${synth[@]}" remix - fade h 1.5 7 2.5 tremolo 0.25 12 vol 0.3
}

# A plucked arpeggio over a chord: one note every 1.5 s.
arpeggio() {
  local out="$1"
  shift
  local parts=()
  local i=0
  for note in "$@"; do
    sox -R -D -r 44100 -c 1 -n -b 16 "$work/pluck-$i.wav" synth 1.5 pluck "%$note" fade 0 1.5 1.2
    parts+=("$work/pluck-$i.wav")
    i=$((i + 1))
  done
  sox -R -D "${parts[@]}" "$out" vol 0.25
}

music_on_hold() {
  local out="$work/out/moh/default.wav"
  mkdir -p "$(dirname "$out")"
  # Cmaj7, Am7, Fmaj7, G6: a loop that resolves back to its start.
  chord "$work/c1.wav" -21 -14 -5 2
  chord "$work/c2.wav" -24 -17 -9 -2
  chord "$work/c3.wav" -28 -21 -12 -5
  chord "$work/c4.wav" -26 -19 -10 0
  arpeggio "$work/a1.wav" 3 7 10 14
  arpeggio "$work/a2.wav" 0 3 7 10
  arpeggio "$work/a3.wav" -4 0 3 7
  arpeggio "$work/a4.wav" -2 2 5 10
  local mix=()
  local i
  for i in 1 2 3 4; do
    local start
    start=$(((i - 1) * 6))
    sox -R -D "$work/c$i.wav" "$work/pc$i.wav" pad "$start" 0
    sox -R -D "$work/a$i.wav" "$work/pa$i.wav" pad "$((start + 1))" 0
    mix+=("$work/pc$i.wav" "$work/pa$i.wav")
  done
  sox -R -D -m "${mix[@]}" -b 16 -c 1 "$out" \
    lowpass 2400 reverb 30 50 60 fade h 1 25 2 gain -n -6 rate -h 8000 norm -5
}

while IFS='|' read -r name text; do
  [[ -z "$name" ]] && continue
  speak "$name" "$text"
done <<<"$PROMPTS"
music_on_hold

# The target's WAVs are replaced as a set, so a prompt dropped from the
# table does not linger.
mkdir -p "$target"
find "$target" -name '*.wav' -type f -delete
cp -R "$work/out/." "$target/"
find "$target" -type d -empty -delete
echo "make-sounds: $(find "$target" -name '*.wav' | wc -l) files, $(du -sh "$target" | cut -f1) in $target"
