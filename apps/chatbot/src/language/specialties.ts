import type { Dentist } from "./types.ts";

// How patients name a kind of dentist, paired with how clinics name the specialty.
const CUES: readonly [RegExp, RegExp][] = [
  [/\b(?:orthodont\w*|ortho|braces|invisalign|aligners?)\b/, /orthodont/],
  [/\bendodont\w*/, /endodont/],
  [/\b(?:periodont\w*|gum (?:specialist|doctor|dentist))\b/, /periodont/],
  [
    /\b(?:p(?:a)?ediatric\w*|p(?:a)?edodont\w*|child(?:ren)?'?s? dentist|kids'? dentist)\b/,
    /p(?:a)?ediatric|p(?:a)?edodont|child/,
  ],
  [/\b(?:(?:oral )?surgeon|oral surgery|maxillofacial)\b/, /surg/],
  [/\bprosthodont\w*/, /prosthodont/],
  [/\bhygienists?\b/, /hygien/],
  [/\b(?:general (?:dentist|dentistry|practitioner)|family dentist)\b/, /general|family/],
  [/\bcosmetic (?:dentist|dentistry)\b/, /cosmetic/],
  [/\b(?:implantologist|implant (?:dentist|specialist))\b/, /implant/],
];

const TOO_GENERAL = new Set(["general", "dentistry", "dental", "dentist", "family", "surgery"]);

/** Specialties not in the table still match on their stem: "Gerodontics" ↔ "gerodontist". */
function stemCue(specialty: string): RegExp | undefined {
  const word = specialty
    .toLowerCase()
    .split(/[^a-z]+/)
    .find((w) => w.length >= 6 && !TOO_GENERAL.has(w));
  if (!word) return undefined;
  const stem = word.slice(0, Math.min(9, Math.max(6, word.length - 3)));
  return new RegExp(`\\b${stem}\\w*`);
}

export interface SpecialtyMatch {
  text: string;
  dentists: Dentist[];
}

export function matchSpecialty(
  text: string,
  dentists: readonly Dentist[],
): SpecialtyMatch | undefined {
  for (const [said, named] of CUES) {
    const m = said.exec(text);
    if (m) {
      return {
        text: m[0],
        dentists: dentists.filter((d) => named.test(d.specialty.toLowerCase())),
      };
    }
  }
  for (const dentist of dentists) {
    const cue = stemCue(dentist.specialty);
    const m = cue?.exec(text);
    if (cue && m) {
      const same = dentists.filter((d) => stemCue(d.specialty)?.source === cue.source);
      return { text: m[0], dentists: same };
    }
  }
  return undefined;
}
