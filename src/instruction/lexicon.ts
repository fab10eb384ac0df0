import { createRequire } from 'node:module';
import type { AdjustPreset, Anchor } from '../types.js';

/**
 * The instruction lexicons: one JSON data file per kind of word in lexicon/ (places, marks, mask
 * references, picks, fillers, quantities, subjects, verbs). Extending what Scalpel understands is
 * adding words there; the grammar reads them through this module only.
 */

interface Words {
  zh: string[];
  en: string[];
}
const load = createRequire(import.meta.url);
const read = <T>(name: string): T => load(`./lexicon/${name}.json`) as T;

type PlacesFile = Record<Anchor, Words> & { about: string; parts: Words };
const places = read<PlacesFile>('places');
export const PLACES: ReadonlyArray<readonly [Anchor, Words]> = Object.entries(places)
  .filter(([k]) => k !== 'about' && k !== 'parts')
  .map(([k, v]) => [k as Anchor, v as Words]);
/** Words that name a part of the frame beside an anchor: 角, 区域, corner, side. */
export const PARTS = places.parts;

export const MARKS = read<Words>('marks');
/** Nouns naming a text by its role (price, title): a text noun beside a quote, never a watermark alone. */
const roles = read<{ price: Words; title: Words; other: Words }>('roles');
export const ROLE_WORDS = { price: roles.price, title: roles.title } as const;
export const ROLES: Words = {
  zh: [...roles.price.zh, ...roles.title.zh, ...roles.other.zh],
  en: [...roles.price.en, ...roles.title.en, ...roles.other.en],
};
export const MASK = read<{ cues: Words; area: Words }>('mask');
export const PICKS = read<{ largest: Words; smallest: Words }>('picks');
export const FILLERS = read<Words & { links: Words; joins: Words }>('fillers');
export const QUANTITY = read<Words & { everyone: Words }>('quantity');
export const SUBJECTS = read<{ subject: Words; background: Words }>('subjects');
const verbs = read<{
  remove: Words;
  edit: Words;
  split: { verbs: string[]; particles: string[]; from: string[] };
  compound: { removes: string[]; causes: string[]; results: string[]; aspect: string[] };
}>('verbs');
/** A Chinese removal verb is often a verb and its result (清干净, 挪走, 处理掉): built, not listed. */
const { removes, causes, results, aspect } = verbs.compound;
// 清 and 除 alone are parts of other words (看不清, 除了): only with a result (清干净, 除掉) do they remove.
const alone = removes.filter((v) => !['清', '除'].includes(v));
const compounds = [
  ...alone,
  ...alone.flatMap((v) => aspect.map((a) => v + a)),
  ...[...removes, ...causes].flatMap((v) => results.map((r) => v + r)),
];
export const VERBS = {
  ...verbs,
  remove: { zh: [...new Set([...verbs.remove.zh, ...compounds])], en: verbs.remove.en },
};
/** What the loose reading spots (loose.ts). */
export const LOOSE = read<{
  unwanted: Words;
  gone: Words;
  pronouns: Words;
  people: Words;
  negators: Words;
  against: Words;
  add: Words;
  behind: Words;
  breaks: Words;
  says: Words;
}>('loose');
/** What wraps a request (wrappers.ts): labels, frames and hedges. */
export const WRAPPERS = read<{ labels: Words; frames: Words; hedges: Words; greetings: Words }>('wrappers');
export const QUESTIONS = read<{ cues: Words; frame: Words; price: Words; text: Words }>('questions');
export const LEAD = read<Words & { tail: Words; loose: Words }>('lead');
type ComplaintWords = { adjectives: Words; alone: Words };
const complaints = read<
  Record<string, ComplaintWords> & {
    about: string;
    degree: Words;
    half: Words;
    double: Words;
    stated: { zh: string[]; degree: string[] };
    copula: { en: string[] };
  }
>('complaints');
/** Complaints about the picture and the preset each calls for (see complaints.ts). */
export const COMPLAINTS = {
  degree: complaints.degree as unknown as Words,
  half: complaints.half as unknown as Words,
  double: complaints.double as unknown as Words,
  stated: complaints.stated as unknown as { zh: string[]; degree: string[] },
  copula: complaints.copula as unknown as { en: string[] },
  remedies: Object.entries(complaints)
    .filter(([k]) => !['about', 'degree', 'half', 'double', 'stated', 'copula'].includes(k))
    .map(([k, v]) => [k as AdjustPreset, v as ComplaintWords] as const),
};

/** The adjust presets' words, in the order they are tried (lexicon/presets.json). */
export const PRESET_WORDS: ReadonlyArray<readonly [AdjustPreset, Words]> = Object.entries(
  read<Record<string, Words | string>>('presets'),
)
  .filter((e): e is [string, Words] => e[0] !== 'about')
  .map(([k, v]) => [k as AdjustPreset, v] as const);

export const TEXT_VERBS = read<{
  forward: Words;
  reverse: Words;
  reverseLead: Words;
  link: Words;
  prefix: Words;
}>('text-verbs');
export const GENERATIVE_WORDS = read<{
  cues: Words;
  transform: Words;
  add: Words;
  notEdits: Words;
  create: Words;
  recipient: Words;
  places: Words;
  reshape: Words;
  behind: Words;
}>('generative');

/** Every word list of every lexicon. */
export const ALL_WORDS: readonly Words[] = [
  ...PLACES.map(([, w]) => w),
  MARKS,
  ROLES,
  MASK.cues,
  MASK.area,
  PICKS.largest,
  PICKS.smallest,
  FILLERS,
  FILLERS.links,
  FILLERS.joins,
  QUANTITY,
  QUANTITY.everyone,
  SUBJECTS.subject,
  SUBJECTS.background,
  VERBS.remove,
  VERBS.edit,
  QUESTIONS.cues,
  QUESTIONS.frame,
  QUESTIONS.price,
  QUESTIONS.text,
  PARTS,
  LEAD,
  LEAD.tail,
  LEAD.loose,
  ...Object.values(LOOSE).filter((w): w is Words => typeof w === 'object'),
  WRAPPERS.labels,
  WRAPPERS.hedges,
  WRAPPERS.greetings,
  GENERATIVE_WORDS.cues,
  GENERATIVE_WORDS.transform,
  GENERATIVE_WORDS.add,
  GENERATIVE_WORDS.notEdits,
  GENERATIVE_WORDS.create,
  GENERATIVE_WORDS.recipient,
  GENERATIVE_WORDS.places,
  GENERATIVE_WORDS.reshape,
  GENERATIVE_WORDS.behind,
  ...Object.values(TEXT_VERBS).filter((w): w is Words => typeof w === 'object'),
];

/** Every Chinese word of every lexicon: the segmenter's user dictionary, so each stays one token. */
export function chineseWords(): string[] {
  return [...new Set(ALL_WORDS.flatMap((w) => w.zh))];
}

/** A lexicon's words as one regular-expression alternation, longest first; a space in a word matches `space`. */
export function alternation(words: readonly string[], space = '\\s+'): string {
  return [...words]
    .sort((x, y) => y.length - x.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, space))
    .join('|');
}

/** A set of a lexicon's words, English lowercased, for token lookups. */
export function wordSet(...lists: Words[]): ReadonlySet<string> {
  return new Set(lists.flatMap((w) => [...w.zh, ...w.en.map((e) => e.toLowerCase())]));
}
