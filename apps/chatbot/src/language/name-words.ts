// Word lists for reading dentist names out of free text.

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(" "));
}

/** Words that can follow "Dr"/"doctor" without being a name ("see a doctor please"). */
export const NOT_A_NAME = words(
  "a an the who whom that which is are was on at for with and or but please pls thanks " +
    "thank appointment appointments booking visit available free any anyone someone next this " +
    "to in i me my about as if so be can could would will should do does have has there here " +
    "now asap soon instead too also s cleaning clean checkup check exam filling root " +
    "canal emergency again office surgery practice clinic you we they it not no yes",
);

/**
 * Name parts that are also everyday English words; they count only with a title or together
 * with another part of the same name ("Will Young" is matched by "will young", not "I will").
 */
export const COMMON_WORDS = words(
  "will may mark bill grace hope joy dawn faith rose june april august summer young long " +
    "white black green brown king hall wood hill bell rich sky star can art pat sue ray jack " +
    "guy page wells north west south east best good little love early late friday " +
    "monday sunday morning noon the and any next first last new book see day week care cross " +
    "price free well",
);

const HONORIFICS = new Set(["dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx"]);
const POSTNOMINALS = new Set(["dds", "dmd", "bds", "phd", "msc", "bsc", "md", "jr", "sr"]);

/** "Dr. Sarah O'Neil DDS" → ["sarah", "o'neil"]. */
export function nameTokens(name: string): string[] {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .split(/[^a-z']+/)
    .map((w) => w.replace(/^'+|'+$/g, ""))
    .filter((w) => w.length > 0 && !HONORIFICS.has(w) && !POSTNOMINALS.has(w));
}
