/**
 * A copy of `text` that shares no storage with a larger string. V8 makes a
 * substring of a parsed message (a branch, a tag, a header value) point
 * into the whole message text, and a concatenation of such parts point at
 * each of them, so a short key that outlives its message keeps the whole
 * datagram's text alive. Transaction keys live 32 s after their call
 * (Timers J, L, M: 64*T1), so each one kept a message for that long.
 *
 * The concatenation makes a two-part string; slice() flattens it into one
 * new string before taking the substring (short results are copied
 * outright), so the result holds only its own characters. Equal to `text`
 * in every way JavaScript can tell.
 */
export function unshared(text: string): string {
  return (' ' + text).slice(1);
}
