/**
 * An optional filter for names and stories, switched on per session (config.wordFilter). Matches are
 * masked with asterisks, never refused: a refusal makes a participant guess what was wrong and try again.
 * It catches the common words and their obvious spellings (case, repeated letters, 0→o 1→i 3→e 4→a 5→s 7→t
 * @→a $→s, plural and -ing/-ed endings); it is a courtesy for a room of colleagues, not a moderation system.
 */

// Short on purpose: whole words only (so "class", "Scunthorpe" and "assessment" pass), common English profanity and slurs.
const WORDS = [
  'fuck', 'fucker', 'fuckin', 'motherfucker', 'shit', 'bullshit', 'cunt', 'bitch', 'bastard', 'asshole', 'arsehole',
  'ass', 'arse', 'dick', 'dickhead', 'cock', 'cocksucker', 'pussy', 'twat', 'wanker', 'prick', 'slut', 'whore',
  'piss', 'crap', 'bollocks', 'douche', 'douchebag', 'jerkoff', 'retard', 'fag', 'faggot', 'nigger', 'nigga',
  'spic', 'chink', 'kike', 'tranny', 'dyke',
];

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '!': 'i', '3': 'e', '4': 'a', '@': 'a', '5': 's', '$': 's', '7': 't', '+': 't' };

/** One character in, one character out, so a match's indices are the original string's. */
function normalize(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const mapped = LEET[ch] ?? (lower.length === ch.length ? lower : ch);
    out += mapped;
  }
  return out;
}

// Each letter may repeat ("fuuuck"); common endings are part of the match.
const letters = (w: string) => [...w].map((c) => `${c}+`).join('');
const PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(?:${WORDS.map(letters).join('|')})(?:e?s|ed|er|ers|ing|in|y)?(?![\\p{L}\\p{N}])`, 'gu');

/** The text with every listed word replaced by asterisks of the same length. */
export function maskWords(text: string): string {
  const norm = normalize(text);
  if (norm.length !== text.length) return text; // cannot happen with the mapping above; never mangle text
  let out = '';
  let last = 0;
  for (const m of norm.matchAll(PATTERN)) {
    out += text.slice(last, m.index) + '*'.repeat(m[0].length);
    last = m.index! + m[0].length;
  }
  return out + text.slice(last);
}

export function containsListedWord(text: string): boolean {
  return maskWords(text) !== text;
}
