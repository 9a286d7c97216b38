// Cue phrases for each intent, tested against the message with dates, times and "earliest"
// phrases already blanked out, so "first available" is not read as a list position and
// "good morning" is not a time.

export const GREETING =
  /^(?:hi|hello|hey|hiya|heya|yo|howdy|greetings|good (?:morning|afternoon|evening|day))\b[\s,!.]*(?:there\b)?[\s,!.]*/;

export const EARLIEST =
  /\b(?:earliest|soonest|first (?:available|free|open|possible)|next (?:available|free|open|possible)|asap|a\.s\.a\.p\.?|as soon as (?:possible|you can)|as early as possible)\b(?:\s+(?:slot|appointment|time|date|one|opening))?/;

const CANCEL =
  /\b(?:cancel\w*|call off|can'?t make it|cannot make it|won'?t make it|unable to (?:make it|come|attend)|drop my)\b/;
const RESCHEDULE_STRONG =
  /\b(?:re-?schedul\w*|re-?book\w*|re-?arrang\w*|postpone\w*|move|moving|push (?:it |my \w+ )?back|bring (?:it )?forward)\b/;
const RESCHEDULE_WEAK =
  /\b(?:change|changing|switch|different (?:time|day|date)|another (?:time|day|date))\b/;
const MY_APPOINTMENTS =
  /\b(?:my (?:appointments?|bookings?|visits?|schedule)|appointments? (?:do )?i have|do i have (?:an? |any )?(?:appointments?|bookings?)|when(?:'s| is) my|what time is my|(?:upcoming|existing) (?:appointments|bookings))\b/;
const BOOK_VERB =
  /\b(?:book|reserve|make an? (?:appointment|booking)|schedule (?:me|an?)|sign me up|put me down|fit me in)\b/;
const BOOK =
  /\b(?:appointment|appt|booking|see (?:a|the|my) (?:dentist|doctor)|see (?:dr|doctor)|come in|get (?:me )?in|i need|i'?d like|i would like|i want|want to see|visit)\b/;
const LIST_DENTISTS =
  /\b(?:dentists|doctors|(?:who|which) (?:dentist|doctor)s? (?:are|do|work)|who (?:are|is) (?:your|the) (?:dentists?|doctors?)|who works|staff|team)\b/;
const LIST_TYPES =
  /\b(?:services|treatments|procedures|what do you (?:offer|do)|what can you offer|(?:types?|kinds?|sorts?) of (?:appointments?|treatments?|services?|visits?)|appointment types|what can i book|price list)\b/;
const AVAILABILITY =
  /\b(?:available|availability|free|open|openings?|slots?|spaces?|gaps?|(?:what|which|any) times?|when can i|when could i|(?:have|got) anything|is there anything|any room)\b/;
const QUESTION = /\?\s*$|^(?:what|when|which|any|is|are|do|does|have|has|show|list|tell)\b/;
const HELP =
  /\b(?:help|what can you do|how does (?:this|it) work|what can i (?:say|ask|do)|menu|commands|instructions)\b|^\?+$/;
const DO_YOU_HAVE = /\b(?:do you have|is there|have you got)\b/;

export const YES =
  /^(?:yes|y|yeah|yea|ya|yep|yup|sure|ok|okay|k|kk|correct|right|confirm(?:ed)?|sounds (?:good|great|fine)|that'?s (?:fine|great|good|perfect|right|correct)|fine|perfect|great|go ahead|do it|please do|absolutely|definitely|of course|that works|works for me|book it|yes please|👍)(?![a-z'])/;
export const NO =
  /^(?:no|n|nope|nah|not really|no thanks|no thank you|don'?t|do not|neither|none(?: of them| of those)?|never ?mind|not that|wrong|incorrect|negative)(?![a-z'])/;
export const CANCEL_ALONE = /^(?:cancel|cancel (?:it|that|this)|stop|forget it)[.!]*$/;

export interface Cues {
  cancel: boolean;
  reschedule: boolean;
  myAppointments: boolean;
  bookVerb: boolean;
  book: boolean;
  listDentists: boolean;
  listTypes: boolean;
  availability: boolean;
  question: boolean;
  help: boolean;
  doYouHave: boolean;
  yes: boolean;
  no: boolean;
}

/** `text` has recognised entities blanked; `original` is the whole normalised message. */
export function readCues(text: string, original: string): Cues {
  const cancel = CANCEL.test(text);
  return {
    cancel,
    reschedule: RESCHEDULE_STRONG.test(text) || (!cancel && RESCHEDULE_WEAK.test(text)),
    myAppointments: MY_APPOINTMENTS.test(text),
    bookVerb: BOOK_VERB.test(text),
    book: BOOK.test(text),
    listDentists: LIST_DENTISTS.test(text),
    listTypes: LIST_TYPES.test(text),
    availability: AVAILABILITY.test(text),
    question: QUESTION.test(original),
    help: HELP.test(text),
    doYouHave: DO_YOU_HAVE.test(text),
    yes: YES.test(original),
    no: NO.test(original),
  };
}

/**
 * Where the new details start in "move my Friday appointment to Monday": `at` is where the old
 * part ends and `from` where the new part's own words begin (after "to").
 */
export function rescheduleSplit(
  text: string,
): { at: number; from: number; reversed: boolean } | undefined {
  const instead = /\binstead of\b/.exec(text);
  if (instead) return { at: instead.index, from: instead.index, reversed: true };
  const verb = RESCHEDULE_STRONG.exec(text) ?? RESCHEDULE_WEAK.exec(text);
  if (!verb) return undefined;
  const after = verb.index + verb[0].length;
  const to = /\b(?:to|until|till|into|for)\b/.exec(text.slice(after));
  if (!to) return undefined;
  const at = after + to.index;
  return { at, from: at + to[0].length, reversed: false };
}
